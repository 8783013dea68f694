// Relays y-protocols awareness updates between the peers of one channel without an Awareness
// instance: it keeps each peer's latest entries (clientID, clock, JSON state) so newcomers get a
// snapshot and the others learn when a peer's clients go away.
//
// [P10] A state may name docs (`{ viewing: 'thread/m1/t7' }`). A peer that may not read a doc
// must not learn of it, so each top-level string field that is a doc name the peer cannot read is
// sent to that peer as null. States that name no doc are forwarded as the same bytes to everyone.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessPeer {
  sendAwareness(update: Uint8Array): void;
  /** Whether this peer may read the named doc (and so may learn that someone is on it). */
  mayRead(doc: string): boolean;
}

interface Entry {
  clock: number;
  state: string;
}

interface HeldEntry extends Entry {
  /** Top-level fields of the state whose value is a doc name, with that name. */
  docFields: readonly (readonly [field: string, doc: string])[];
}

export interface AwarenessChannel {
  /** Adds a peer and sends it the current states (if any). */
  join(peer: AwarenessPeer): void;
  /** Records and forwards; throws on a malformed update. */
  receive(peer: AwarenessPeer, update: Uint8Array): void;
  /** Every live state as `peer` may see it, as one update; undefined if none. */
  snapshot(peer: AwarenessPeer): Uint8Array | undefined;
  /** Removes a peer and tells the others its clients are gone. */
  leave(peer: AwarenessPeer): void;
  readonly size: number;
}

/** `isDocName` tells which string values name docs (the relay passes the model's doc-name parser). */
export function createAwarenessChannel(isDocName: (value: string) => boolean): AwarenessChannel {
  /** Each peer's own entries; undefined until it sends its first update (most idle peers never do). */
  const peers = new Map<AwarenessPeer, Map<number, HeldEntry> | undefined>();
  /** Live (non-null) states of all peers, kept up to date so a join costs O(states), not O(peers). */
  const live = new Map<number, HeldEntry>();

  const hold = (entry: Entry): HeldEntry => ({ ...entry, docFields: docFieldsOf(entry.state, isDocName) });

  const snapshot = (peer: AwarenessPeer) => (live.size > 0 ? encodeFor(peer, live) : undefined);

  const broadcast = (from: AwarenessPeer, entries: Map<number, HeldEntry>, bytes: Uint8Array) => {
    const namesDocs = [...entries.values()].some((e) => e.docFields.length > 0);
    for (const peer of peers.keys()) {
      if (peer !== from) peer.sendAwareness(namesDocs ? encodeFor(peer, entries) : bytes);
    }
  };

  return {
    join(peer) {
      peers.set(peer, undefined);
      const current = snapshot(peer);
      if (current) peer.sendAwareness(current);
    },
    snapshot,
    receive(peer, update) {
      if (!peers.has(peer)) return;
      let entries = peers.get(peer);
      if (!entries) peers.set(peer, (entries = new Map()));
      const received = new Map<number, HeldEntry>();
      for (const [clientID, entry] of decodeAwareness(update)) {
        const held = hold(entry);
        received.set(clientID, held);
        entries.set(clientID, held);
        if (entry.state === 'null') live.delete(clientID);
        else live.set(clientID, held);
      }
      broadcast(peer, received, update);
    },
    leave(peer) {
      const entries = peers.get(peer);
      peers.delete(peer);
      if (!entries) return;
      const gone = new Map<number, HeldEntry>();
      for (const [clientID, entry] of entries) {
        if (entry.state === 'null') continue;
        live.delete(clientID);
        gone.set(clientID, { clock: entry.clock + 1, state: 'null', docFields: [] });
      }
      if (gone.size > 0) broadcast(peer, gone, encodeAwareness(gone));
    },
    get size() {
      return peers.size;
    },
  };
}

function docFieldsOf(state: string, isDocName: (value: string) => boolean): HeldEntry['docFields'] {
  if (state === 'null') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    return []; // forwarded as is: the relay does not police what clients say about themselves
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [];
  return Object.entries(parsed).flatMap(([field, value]) =>
    typeof value === 'string' && isDocName(value) ? [[field, value] as const] : [],
  );
}

/** The entries as `peer` may see them: doc names it cannot read become null. */
function encodeFor(peer: AwarenessPeer, entries: Map<number, HeldEntry>): Uint8Array {
  const visible = new Map<number, Entry>();
  for (const [clientID, entry] of entries) {
    const hidden = entry.docFields.filter(([, doc]) => !peer.mayRead(doc));
    if (hidden.length === 0) {
      visible.set(clientID, entry);
      continue;
    }
    const state = JSON.parse(entry.state) as Record<string, unknown>;
    for (const [field] of hidden) state[field] = null;
    visible.set(clientID, { clock: entry.clock, state: JSON.stringify(state) });
  }
  return encodeAwareness(visible);
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
