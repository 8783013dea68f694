// A deterministic in-memory network of peers, each holding named Y.Docs (after yjs's own
// tests/testHelper.js). Every local update is sent to every connected peer as a message; messages
// are delivered FIFO or in an order drawn from a seeded PRNG. A disconnected peer loses what was in
// flight to and from it; reconnecting exchanges state-vector diffs for every doc, as a real sync
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
  disconnect(name: string): void;
  reconnect(name: string): void;
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
        if (origin !== REMOTE_ORIGIN && this.connected) this.#send(this.name, name, update);
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

export function createNetwork(options: { prng?: Prng } = {}): Network {
  const peers = new Map<string, MemoryPeer>();
  let queue: Message[] = [];

  const send = (from: string, docName: string, update: Uint8Array) => {
    for (const peer of peers.values())
      if (peer.name !== from && peer.connected) queue.push({ from, to: peer.name, docName, update });
  };

  const deliverOne = (): boolean => {
    if (queue.length === 0) return false;
    const index = options.prng ? options.prng.int(queue.length) : 0;
    const [message] = queue.splice(index, 1);
    const target = message && peers.get(message.to);
    if (message && target?.connected)
      Y.applyUpdate(target.doc(message.docName), message.update, REMOTE_ORIGIN);
    return true;
  };

  const get = (name: string): MemoryPeer => {
    const peer = peers.get(name);
    if (!peer) throw new Error(`no peer ${name}`);
    return peer;
  };

  return {
    peer(name) {
      let peer = peers.get(name);
      if (!peer) {
        peer = new MemoryPeer(name, peers.size + 1, send);
        peers.set(name, peer);
        // A newcomer syncs like a reconnecting peer.
        peer.connected = false;
        this.reconnect(name);
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
      get(name).connected = false;
      queue = queue.filter((m) => m.from !== name && m.to !== name);
    },
    reconnect(name) {
      const peer = get(name);
      if (peer.connected) return;
      peer.connected = true;
      for (const other of peers.values()) {
        if (other === peer || !other.connected) continue;
        const names = new Set([...peer.docNames(), ...other.docNames()]);
        for (const docName of names) {
          const mine = peer.doc(docName);
          const theirs = other.doc(docName);
          queue.push({
            from: other.name,
            to: peer.name,
            docName,
            update: Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)),
          });
          queue.push({
            from: peer.name,
            to: other.name,
            docName,
            update: Y.encodeStateAsUpdate(mine, Y.encodeStateVector(theirs)),
          });
        }
      }
    },
  };
}
