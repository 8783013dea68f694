// Relays y-protocols awareness updates between the peers of one channel without an Awareness
// instance: it keeps each peer's latest entries (clientID, clock, JSON state) so newcomers get a
// snapshot and the others learn when a peer's clients go away.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessPeer {
  sendAwareness(update: Uint8Array): void;
}

interface Entry {
  clock: number;
  state: string;
}

export interface AwarenessChannel {
  /** Adds a peer and sends it the current states (if any). */
  join(peer: AwarenessPeer): void;
  /** Records and forwards; throws on a malformed update. */
  receive(peer: AwarenessPeer, update: Uint8Array): void;
  /** Every live state as one update (for a y-websocket query-awareness), or undefined if none. */
  snapshot(): Uint8Array | undefined;
  /** Removes a peer and tells the others its clients are gone. */
  leave(peer: AwarenessPeer): void;
  readonly size: number;
}

export function createAwarenessChannel(): AwarenessChannel {
  /** Each peer's own entries; undefined until it sends its first update (most idle peers never do). */
  const peers = new Map<AwarenessPeer, Map<number, Entry> | undefined>();
  /** Live (non-null) states of all peers, kept up to date so a join costs O(states), not O(peers). */
  const live = new Map<number, Entry>();

  const snapshot = () => (live.size > 0 ? encodeAwareness(live) : undefined);

  const broadcast = (from: AwarenessPeer, update: Uint8Array) => {
    for (const peer of peers.keys()) if (peer !== from) peer.sendAwareness(update);
  };

  return {
    join(peer) {
      const current = snapshot();
      peers.set(peer, undefined);
      if (current) peer.sendAwareness(current);
    },
    snapshot,
    receive(peer, update) {
      if (!peers.has(peer)) return;
      let entries = peers.get(peer);
      if (!entries) peers.set(peer, (entries = new Map()));
      for (const [clientID, entry] of decodeAwareness(update)) {
        entries.set(clientID, entry);
        if (entry.state === 'null') live.delete(clientID);
        else live.set(clientID, entry);
      }
      broadcast(peer, update);
    },
    leave(peer) {
      const entries = peers.get(peer);
      peers.delete(peer);
      if (!entries) return;
      const gone = new Map<number, Entry>();
      for (const [clientID, entry] of entries) {
        if (entry.state === 'null') continue;
        live.delete(clientID);
        gone.set(clientID, { clock: entry.clock + 1, state: 'null' });
      }
      if (gone.size > 0) broadcast(peer, encodeAwareness(gone));
    },
    get size() {
      return peers.size;
    },
  };
}

/** The y-protocols awareness update layout: n × (clientID, clock, JSON state). */
export function decodeAwareness(update: Uint8Array): Map<number, Entry> {
  const d = decoding.createDecoder(update);
  const entries = new Map<number, Entry>();
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    const clientID = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    entries.set(clientID, { clock, state: decoding.readVarString(d) });
  }
  return entries;
}

export function encodeAwareness(entries: Map<number, Entry>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.size);
  for (const [clientID, { clock, state }] of entries) {
    encoding.writeVarUint(e, clientID);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, state);
  }
  return encoding.toUint8Array(e);
}
