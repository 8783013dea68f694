// A deterministic in-memory network of peers, each holding named Y.Docs (after yjs's own
// tests/testHelper.js). Every local update is sent to every peer it can reach as a message;
// messages are delivered FIFO or in an order drawn from a seeded PRNG. Two peers are linked when
// both are connected and in the same partition group. When a link breaks, what was in flight over
// it is lost; when a link forms, the two exchange state-vector diffs for every doc, as a real sync
// client does on resubscribe.
import * as Y from 'yjs';
import { REMOTE_ORIGIN } from '../origins.ts';
import type { Prng } from './prng.ts';

interface Message {
  from: string;
  to: string;
  docName: string;
  update: Uint8Array;
}

export interface Peer {
  readonly name: string;
  readonly connected: boolean;
  /** The peer's copy of a doc, created empty when the peer has none. */
  doc(name: string): Y.Doc;
  has(name: string): boolean;
  docNames(): string[];
}

export interface Network {
  peer(name: string): Peer;
  peers(): Peer[];
  pending(): number;
  /** Delivers one pending message (random when the network has a PRNG); false when none is left. */
  deliverOne(): boolean;
  /** Delivers until nothing is pending. */
  flush(): void;
  /** Takes a peer off the network; what was in flight to and from it is lost. */
  disconnect(name: string): void;
  /** Puts it back; it resyncs every doc with every peer it can reach. */
  reconnect(name: string): void;
  /**
   * Splits the network: peers in one group reach each other only; peers in no group form one more
   * group. Messages in flight across the new cut are lost.
   */
  partition(groups: readonly (readonly string[])[]): void;
  /** Joins all groups again; newly linked peers resync. */
  heal(): void;
}

class MemoryPeer implements Peer {
  readonly name: string;
  connected = true;
  /** Fixed Yjs client id, so concurrent writes resolve the same way on every run of a seed. */
  readonly #clientId: number;
  readonly #docs = new Map<string, Y.Doc>();
  readonly #send: (from: string, docName: string, update: Uint8Array) => void;

  constructor(
    name: string,
    clientId: number,
    send: (from: string, docName: string, update: Uint8Array) => void,
  ) {
    this.name = name;
    this.#clientId = clientId;
    this.#send = send;
  }

  doc(name: string): Y.Doc {
    let doc = this.#docs.get(name);
    if (!doc) {
      doc = new Y.Doc();
      doc.clientID = this.#clientId;
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE_ORIGIN) this.#send(this.name, name, update);
      });
      this.#docs.set(name, doc);
    }
    return doc;
  }

  has(name: string): boolean {
    return this.#docs.has(name);
  }

  docNames(): string[] {
    return [...this.#docs.keys()].sort();
  }
}

export interface NetworkOptions {
  /** Delivery order; FIFO without one. */
  prng?: Prng;
  /** Peers get Yjs client ids `clientIdBase + 1`, `+ 2`, ... in order of creation. */
  clientIdBase?: number;
}

export function createNetwork(options: NetworkOptions = {}): Network {
  const peers = new Map<string, MemoryPeer>();
  const groups = new Map<string, number>();
  let queue: Message[] = [];

  const linked = (a: MemoryPeer, b: MemoryPeer) =>
    a !== b && a.connected && b.connected && (groups.get(a.name) ?? 0) === (groups.get(b.name) ?? 0);

  const send = (from: string, docName: string, update: Uint8Array) => {
    const sender = peers.get(from);
    if (!sender) return;
    for (const peer of peers.values())
      if (linked(sender, peer)) queue.push({ from, to: peer.name, docName, update });
  };

  const deliverOne = (): boolean => {
    if (queue.length === 0) return false;
    const index = options.prng ? options.prng.int(queue.length) : 0;
    const [message] = queue.splice(index, 1);
    const target = message && peers.get(message.to);
    if (message && target) Y.applyUpdate(target.doc(message.docName), message.update, REMOTE_ORIGIN);
    return true;
  };

  const get = (name: string): MemoryPeer => {
    const peer = peers.get(name);
    if (!peer) throw new Error(`no peer ${name}`);
    return peer;
  };

  const pairs = () => {
    const linkedPairs = new Set<string>();
    for (const a of peers.values())
      for (const b of peers.values()) if (linked(a, b)) linkedPairs.add(`${a.name}\n${b.name}`);
    return linkedPairs;
  };

  const sync = (from: MemoryPeer, to: MemoryPeer) => {
    for (const docName of new Set([...from.docNames(), ...to.docNames()])) {
      const update = Y.encodeStateAsUpdate(from.doc(docName), Y.encodeStateVector(to.doc(docName)));
      queue.push({ from: from.name, to: to.name, docName, update });
    }
  };

  /** Applies a topology change: drops traffic over broken links, resyncs new ones. */
  const retopologize = (change: () => void) => {
    const before = pairs();
    change();
    const after = pairs();
    queue = queue.filter((m) => after.has(`${m.from}\n${m.to}`));
    for (const pair of after) {
      if (before.has(pair)) continue;
      const [from, to] = pair.split('\n') as [string, string];
      sync(get(from), get(to));
    }
  };

  return {
    peer(name) {
      let peer = peers.get(name);
      if (!peer) {
        const newcomer = new MemoryPeer(name, (options.clientIdBase ?? 0) + peers.size + 1, send);
        newcomer.connected = false;
        peers.set(name, newcomer);
        // A newcomer syncs like a reconnecting peer.
        retopologize(() => (newcomer.connected = true));
        peer = newcomer;
      }
      return peer;
    },
    peers: () => [...peers.values()],
    pending: () => queue.length,
    deliverOne,
    flush() {
      while (deliverOne());
    },
    disconnect(name) {
      retopologize(() => (get(name).connected = false));
    },
    reconnect(name) {
      retopologize(() => (get(name).connected = true));
    },
    partition(list) {
      retopologize(() => {
        groups.clear();
        for (const peer of peers.keys()) groups.set(peer, list.length);
        list.forEach((group, index) => group.forEach((name) => groups.set(name, index)));
      });
    },
    heal() {
      retopologize(() => groups.clear());
    },
  };
}
