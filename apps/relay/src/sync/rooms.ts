// Who receives a doc's updates. A room is the set of subscribers with read access to one doc;
// updates are fanned out as bytes, encoded at most once per wire format.

/** One stored update on its way to subscribers; each wire format encodes it lazily, once. */
export interface Fanout {
  readonly doc: string;
  readonly seq: number;
  readonly update: Uint8Array;
  readonly encoded: Map<string, Uint8Array>;
}

export interface Subscriber {
  deliver(fanout: Fanout): void;
}

export interface Rooms {
  join(doc: string, subscriber: Subscriber): void;
  leave(doc: string, subscriber: Subscriber): void;
  /** Sends to every subscriber of the doc except `origin` (the writer gets an ack instead). */
  fanout(doc: string, seq: number, update: Uint8Array, origin?: Subscriber): void;
  size(doc: string): number;
}

export function createRooms(): Rooms {
  const rooms = new Map<string, Set<Subscriber>>();
  return {
    join(doc, subscriber) {
      let room = rooms.get(doc);
      if (!room) rooms.set(doc, (room = new Set()));
      room.add(subscriber);
    },
    leave(doc, subscriber) {
      const room = rooms.get(doc);
      if (!room) return;
      room.delete(subscriber);
      if (room.size === 0) rooms.delete(doc);
    },
    fanout(doc, seq, update, origin) {
      const room = rooms.get(doc);
      if (!room) return;
      const fanout: Fanout = { doc, seq, update, encoded: new Map() };
      for (const subscriber of room) if (subscriber !== origin) subscriber.deliver(fanout);
    },
    size: (doc) => rooms.get(doc)?.size ?? 0,
  };
}

/** Encodes a fanout for one wire format, sharing the bytes with every subscriber of that format. */
export function encodedFor(fanout: Fanout, format: string, encode: (f: Fanout) => Uint8Array): Uint8Array {
  let bytes = fanout.encoded.get(format);
  if (!bytes) fanout.encoded.set(format, (bytes = encode(fanout)));
  return bytes;
}
