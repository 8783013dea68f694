// The Wharf sync client: one websocket to the relay's /sync endpoint carrying every attached
// Y.Doc, a connection-level awareness (presence) channel, acknowledged-write tracking (so the UI
// says "saved" only when the relay has stored every local change) and catch-up by seq.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { REMOTE_ORIGIN } from '@wharf/model';
import type { BackoffOptions } from './backoff.ts';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { closeCodeFor, shouldReconnect } from './close-codes.ts';
import { Emitter } from './emitter.ts';
import type { ClientMessage, DocErrorCode, GrantedAccess, ServerMessage } from './protocol.ts';
import { decodeServerMessage, encodeMessage, PROTOCOL_VERSION } from './protocol.ts';

/** The part of the WebSocket API the client uses: browsers, Node 24's global and `ws` all have it. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface ClientTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncClientDeps {
  /** The relay's sync endpoint, e.g. `ws://localhost:8080/sync`. */
  url: string;
  /** A service token, sent as `?token=` (browsers authenticate with the session cookie instead). */
  token?: string;
  WebSocket?: WebSocketConstructor;
  timers?: ClientTimers;
  random?: () => number;
  backoff?: BackoffOptions;
  /** Connect right away (default true). */
  connect?: boolean;
}

export type SyncStatus = 'offline' | 'syncing' | 'saved';

export type SyncClientEvents = {
  status: [status: SyncStatus];
  /** A doc's known seq moved on: persist it with the cached doc for the next catch-up. */
  seq: [doc: string, seq: number];
  /** A doc was synced with the relay on this connection. */
  synced: [doc: string];
  denied: [doc: string, code: DocErrorCode, reason: string];
  rejected: [doc: string, code: DocErrorCode, reason: string];
  close: [code: number, reason: string, willReconnect: boolean];
  /** Every message from the relay, decoded (for diagnostics and tests). */
  message: [message: ServerMessage];
};

export interface AttachOptions {
  /**
   * The seq the cached doc was last synced at (0 or absent: sync it fully). Pass it only when the
   * cached doc holds no local change the relay may lack: an unchanged seq means no sync at all.
   */
  seq?: number;
}

interface DocEntry {
  readonly name: string;
  readonly doc: Y.Doc;
  seq: number;
  synced: boolean;
  access: GrantedAccess | undefined;
  denied: boolean;
  /** Local updates the relay has not acknowledged, by ref, in send order. */
  readonly pending: Map<number, Uint8Array>;
  /** Pending refs the relay refused for a reason that may pass (RETRIED), sent again after a delay. */
  readonly refused: Set<number>;
  retryTimer: unknown;
  retryAttempt: number;
  readonly off: () => void;
}

/**
 * Refusals that may pass: a doc at its size cap shrinks when the relay compacts it (or an admin
 * raises the cap), a storage error clears. The update stays pending, so nothing waiting on the
 * relay's acknowledgement takes it for stored; other refusals (no access, not an update) drop it.
 */
const RETRIED: ReadonlySet<DocErrorCode> = new Set(['doc_too_large', 'internal']);

const OPEN = 1;
const AWARENESS_REMOTE = 'remote';

export class SyncClient {
  readonly awareness: awarenessProtocol.Awareness;
  #deps: Required<Pick<SyncClientDeps, 'timers' | 'random' | 'backoff'>> & SyncClientDeps;
  #WebSocket: WebSocketConstructor;
  #docs = new Map<string, DocEntry>();
  #events = new Emitter<SyncClientEvents>();
  #socket: WebSocketLike | undefined;
  #welcomed = false;
  #wanted: boolean;
  #attempt = 0;
  #retryTimer: unknown;
  #nextRef = 0;
  #status: SyncStatus = 'offline';
  #destroyed = false;

  constructor(deps: SyncClientDeps) {
    this.#deps = {
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
      random: Math.random,
      backoff: DEFAULT_BACKOFF,
      ...deps,
    };
    const Ctor = deps.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) throw new Error('no WebSocket implementation: pass deps.WebSocket');
    this.#WebSocket = Ctor;
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.on('update', this.#onLocalAwareness);
    this.#wanted = deps.connect ?? true;
    if (this.#wanted) this.connect();
  }

  get status(): SyncStatus {
    return this.#status;
  }

  /** Local updates not yet acknowledged by the relay, over all attached docs. */
  get pendingCount(): number {
    let n = 0;
    for (const entry of this.#docs.values()) n += entry.pending.size;
    return n;
  }

  get connected(): boolean {
    return this.#welcomed;
  }

  on<K extends keyof SyncClientEvents>(
    event: K,
    listener: (...args: SyncClientEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /** Unacknowledged local updates of one doc: a cache may store its seq only when this is 0. */
  pendingCountOf(name: string): number {
    return this.#docs.get(name)?.pending.size ?? 0;
  }

  seqOf(name: string): number | undefined {
    return this.#docs.get(name)?.seq;
  }

  accessOf(name: string): GrantedAccess | undefined {
    return this.#docs.get(name)?.access;
  }

  isSynced(name: string): boolean {
    return this.#docs.get(name)?.synced ?? false;
  }

  attach(name: string, doc: Y.Doc, options: AttachOptions = {}): void {
    if (this.#docs.has(name)) throw new Error(`doc ${name} is already attached`);
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE_ORIGIN || entry.denied) return;
      const ref = ++this.#nextRef;
      entry.pending.set(ref, update);
      if (this.#welcomed) this.#send({ type: 'update', doc: name, ref, update });
      this.#refreshStatus();
    };
    doc.on('update', onUpdate);
    const entry: DocEntry = {
      name,
      doc,
      seq: options.seq ?? 0,
      synced: false,
      access: undefined,
      denied: false,
      pending: new Map(),
      refused: new Set(),
      retryTimer: undefined,
      retryAttempt: 0,
      off: () => {
        doc.off('update', onUpdate);
        this.#deps.timers.clearTimeout(entry.retryTimer);
      },
    };
    this.#docs.set(name, entry);
    if (this.#welcomed) this.#subscribe(entry);
    this.#refreshStatus();
  }

  detach(name: string): void {
    const entry = this.#docs.get(name);
    if (!entry) return;
    entry.off();
    this.#docs.delete(name);
    if (this.#welcomed) this.#send({ type: 'unsubscribe', doc: name });
    this.#refreshStatus();
  }

  connect(): void {
    if (this.#destroyed) throw new Error('sync client is destroyed');
    this.#wanted = true;
    if (this.#socket) return;
    this.#deps.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const url = this.#deps.token
      ? `${this.#deps.url}${this.#deps.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(this.#deps.token)}`
      : this.#deps.url;
    const socket = new this.#WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    socket.onopen = () => this.#send({ type: 'hello', version: PROTOCOL_VERSION });
    socket.onmessage = (event) => this.#onMessage(event.data);
    socket.onclose = (event) => this.#onClose(socket, event.code, event.reason);
    socket.onerror = () => {
      // A close event always follows; reconnection is decided there.
    };
  }

  /** Closes the socket and stays offline until `connect()`. */
  disconnect(): void {
    this.#wanted = false;
    this.#deps.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const socket = this.#socket;
    if (!socket) return;
    socket.close(1000, 'client disconnect');
    // Offline from now on: nothing more is sent on a closing socket, its late close event is ignored.
    this.#onClose(socket, 1000, 'client disconnect');
  }

  destroy(): void {
    this.disconnect();
    this.#destroyed = true;
    for (const entry of this.#docs.values()) entry.off();
    this.#docs.clear();
    this.awareness.off('update', this.#onLocalAwareness);
    this.awareness.destroy();
  }

  #send(message: ClientMessage): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(encodeMessage(message));
  }

  #subscribe(entry: DocEntry): void {
    entry.synced = false;
    this.#send({
      type: 'subscribe',
      doc: entry.name,
      seq: entry.seq,
      stateVector: Y.encodeStateVector(entry.doc),
    });
  }

  #onWelcome(): void {
    this.#welcomed = true;
    this.#attempt = 0;
    const cached: { doc: string; seq: number }[] = [];
    for (const entry of this.#docs.values()) {
      entry.synced = false;
      entry.denied = false;
      if (entry.seq > 0) cached.push({ doc: entry.name, seq: entry.seq });
      else this.#subscribe(entry);
    }
    if (cached.length > 0) this.#send({ type: 'catch-up', docs: cached });
    // Re-sending is safe: Yjs updates are idempotent, and the relay acks each ref again.
    for (const entry of this.#docs.values())
      for (const [ref, update] of entry.pending) this.#send({ type: 'update', doc: entry.name, ref, update });
    const local = this.awareness.getLocalState();
    if (local !== null)
      this.#send({
        type: 'awareness',
        update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]),
      });
    this.#refreshStatus();
  }

  #onMessage(data: unknown): void {
    if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) return;
    let message: ServerMessage;
    try {
      message = decodeServerMessage(data instanceof Uint8Array ? data : new Uint8Array(data));
    } catch {
      this.#socket?.close(4011, 'protocol_error');
      return;
    }
    this.#handle(message);
    this.#events.emit('message', message);
    this.#refreshStatus();
  }

  #handle(message: ServerMessage): void {
    if (message.type === 'welcome') return this.#onWelcome();
    if (message.type === 'awareness')
      return awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, AWARENESS_REMOTE);
    if (message.type === 'catch-up-result') {
      for (const { doc, seq, access } of message.docs) {
        const entry = this.#docs.get(doc);
        if (!entry) continue;
        entry.access = access;
        if (access === 'append' || seq === entry.seq) this.#markSynced(entry, entry.seq);
        else this.#send({ type: 'sync-step1', doc, stateVector: Y.encodeStateVector(entry.doc) });
      }
      return;
    }
    const entry = this.#docs.get(message.doc);
    if (!entry) return;
    switch (message.type) {
      case 'subscribed':
        entry.access = message.access;
        // Equal seqs: the relay sends nothing more. Otherwise a sync-step2 follows.
        if (message.access === 'append' || (message.seq === entry.seq && message.seq > 0))
          this.#markSynced(entry, entry.seq);
        return;
      case 'sync-step2':
        Y.applyUpdate(entry.doc, message.update, REMOTE_ORIGIN);
        this.#markSynced(entry, message.seq);
        return;
      case 'sync-step1':
        return this.#answerStep1(entry, message.stateVector);
      case 'remote-update':
        Y.applyUpdate(entry.doc, message.update, REMOTE_ORIGIN);
        // Seqs seen before the doc is synced on this connection may skip updates (PROTOCOL.md rule 2).
        if (entry.synced) this.#advanceSeq(entry, message.seq);
        return;
      case 'ack':
        entry.pending.delete(message.ref);
        entry.retryAttempt = 0;
        if (entry.synced) this.#advanceSeq(entry, message.seq);
        return;
      case 'denied':
        entry.denied = true;
        entry.synced = false;
        entry.pending.clear();
        this.#events.emit('denied', entry.name, message.code, message.reason);
        return;
      case 'rejected':
        if (RETRIED.has(message.code) && entry.pending.has(message.ref)) this.#retryLater(entry, message.ref);
        else entry.pending.delete(message.ref);
        this.#events.emit('rejected', entry.name, message.code, message.reason);
        return;
    }
  }

  /**
   * Sends a refused update again after a backoff delay; refusals gathered meanwhile go as one merged
   * update, so a doc that stays full holds one pending update, not one per change.
   */
  #retryLater(entry: DocEntry, ref: number): void {
    entry.refused.add(ref);
    if (entry.retryTimer !== undefined) return;
    const delay = backoffDelay(entry.retryAttempt++, this.#deps.random, this.#deps.backoff);
    entry.retryTimer = this.#deps.timers.setTimeout(() => {
      entry.retryTimer = undefined;
      const refs = [...entry.refused].filter((r) => entry.pending.has(r));
      entry.refused.clear();
      if (refs.length === 0 || this.#docs.get(entry.name) !== entry || !this.#welcomed) return;
      const updates = refs.map((r) => entry.pending.get(r)!);
      for (const r of refs) entry.pending.delete(r);
      const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      const next = ++this.#nextRef;
      entry.pending.set(next, update);
      this.#send({ type: 'update', doc: entry.name, ref: next, update });
    }, delay);
  }

  /** Sends what the relay lacks, judged by state vectors (a cheap check, done per synced doc). */
  #answerStep1(entry: DocEntry, relayStateVector: Uint8Array): void {
    if (entry.access !== 'write') return;
    const relay = Y.decodeStateVector(relayStateVector);
    // Updates in flight count as held by the relay: they are re-sent on reconnect anyway.
    for (const update of entry.pending.values())
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)))
        if ((relay.get(client) ?? 0) < clock) relay.set(client, clock);
    const local = Y.decodeStateVector(Y.encodeStateVector(entry.doc));
    const relayLacks = [...local].some(([client, clock]) => (relay.get(client) ?? 0) < clock);
    if (!relayLacks) return;
    const update = Y.encodeStateAsUpdate(entry.doc, relayStateVector);
    const ref = ++this.#nextRef;
    entry.pending.set(ref, update);
    this.#send({ type: 'update', doc: entry.name, ref, update });
  }

  #markSynced(entry: DocEntry, seq: number): void {
    entry.synced = true;
    if (seq !== entry.seq) {
      entry.seq = seq;
      this.#events.emit('seq', entry.name, seq);
    }
    this.#events.emit('synced', entry.name);
  }

  #advanceSeq(entry: DocEntry, seq: number): void {
    if (seq <= entry.seq) return;
    entry.seq = seq;
    this.#events.emit('seq', entry.name, seq);
  }

  #onClose(socket: WebSocketLike, code: number, reason: string): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#welcomed = false;
    for (const entry of this.#docs.values()) entry.synced = false;
    const remote = [...this.awareness.getStates().keys()].filter((id) => id !== this.awareness.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, remote, AWARENESS_REMOTE);
    const willReconnect = this.#wanted && !this.#destroyed && shouldReconnect(code);
    this.#events.emit('close', code, reason || (closeCodeFor(code)?.name ?? ''), willReconnect);
    if (willReconnect) {
      const delay = backoffDelay(this.#attempt++, this.#deps.random, this.#deps.backoff);
      this.#retryTimer = this.#deps.timers.setTimeout(() => {
        this.#retryTimer = undefined;
        if (this.#wanted && !this.#destroyed) this.connect();
      }, delay);
    }
    this.#refreshStatus();
  }

  #onLocalAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === AWARENESS_REMOTE || !this.#welcomed) return;
    const changed = [...added, ...updated, ...removed];
    this.#send({
      type: 'awareness',
      update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
    });
  };

  #refreshStatus(): void {
    let status: SyncStatus = 'saved';
    if (!this.#welcomed) status = 'offline';
    else
      for (const entry of this.#docs.values())
        if (entry.pending.size > 0 || (!entry.synced && !entry.denied)) {
          status = 'syncing';
          break;
        }
    if (status === this.#status) return;
    this.#status = status;
    this.#events.emit('status', status);
  }
}

export function createSyncClient(deps: SyncClientDeps): SyncClient {
  return new SyncClient(deps);
}
