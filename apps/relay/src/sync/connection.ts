// One websocket connection of either endpoint: its bounded outgoing side and its ordered incoming
// side. A class, not closures: an idle relay holds thousands of these, and prototype methods plus
// module-level listeners keep each one small (design §3 budget: ≤ 16 KB per idle socket, all in).
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Principal } from '@wharf/model';
import type { CloseCode } from '@wharf/sync';
import { CLOSE } from '@wharf/sync';
import { accessFor } from './access.ts';
import type { AwarenessPeer } from './awareness-channel.ts';
import type { DocOps, SyncStats } from './doc-ops.ts';
import type { Clock, SyncLimits, Timers } from './limits.ts';
import type { Fanout, Subscriber } from './rooms.ts';

/** What every connection shares with the server that accepted it. */
export interface ConnectionContext {
  readonly limits: SyncLimits;
  readonly timers: Timers;
  readonly clock: Clock;
  readonly stats: SyncStats;
  readonly ops: DocOps;
  readonly log: (message: string) => void;
  readonly onClosed: (connection: Connection) => void;
}

/** While this many messages wait, the socket is paused: a fast sender is held back by TCP. */
const PAUSE_AT_QUEUED = 64;
const CONNECTION = Symbol('wharf connection');
type TaggedSocket = WebSocket & { [CONNECTION]: Connection };

export abstract class Connection implements Subscriber, AwarenessPeer {
  readonly ws: WebSocket;
  readonly socket: Duplex;
  readonly principal: Principal;
  readonly ctx: ConnectionContext;
  lastSeen: number;
  #closing = false;
  #corked = false;
  #cutTimer: unknown;
  #queue: Uint8Array[] = [];
  #running = false;
  #paused = false;

  constructor(ws: WebSocket, socket: Duplex, principal: Principal, ctx: ConnectionContext) {
    this.ws = ws;
    this.socket = socket;
    this.principal = principal;
    this.ctx = ctx;
    this.lastSeen = ctx.clock.now();
    (ws as TaggedSocket)[CONNECTION] = this;
    ws.on('message', onMessage);
    ws.on('pong', onPong);
    ws.on('error', onError);
    ws.on('close', onClose);
  }

  /** Handles one binary message; a throw closes the connection with the protocol-error code. */
  protected abstract handle(bytes: Uint8Array): Promise<void> | void;
  abstract deliver(fanout: Fanout): void;
  abstract sendAwareness(update: Uint8Array): void;

  /** [P10] Whether this connection may learn of the doc (through someone's presence). */
  mayRead(doc: string): boolean {
    const access = accessFor(this.principal, doc);
    return access === 'read' || access === 'write';
  }
  /** Leaves rooms and channels; runs once, when the socket has closed. */
  protected abstract dispose(): void;

  get closing(): boolean {
    return this.#closing;
  }

  /** Sends, unless the client has let too much pile up: then it is dropped as a slow consumer. */
  send(bytes: Uint8Array): void {
    if (this.#closing || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      this.ctx.stats.slowConsumerDrops++;
      this.close(CLOSE.SLOW_CONSUMER);
      return;
    }
    // Everything sent to this socket in one event-loop task leaves in one write (one syscall).
    if (!this.#corked) {
      this.#corked = true;
      this.socket.cork();
      process.nextTick(uncork, this);
    }
    this.ws.send(bytes);
  }

  close(code: CloseCode): void {
    if (this.#closing) return;
    this.#closing = true;
    this.ws.close(code.code, code.name);
    // The close frame queues behind unsent data; a client that never reads would keep the socket.
    this.#cutTimer = this.ctx.timers.setTimeout(() => this.ws.terminate(), this.ctx.limits.closeGraceMs);
  }

  /** Resolves once unsent bytes are below the pause threshold: requests wait on it. */
  #drained(): Promise<void> {
    if (this.#closing || this.ws.bufferedAmount <= this.ctx.limits.pauseReadingAboveBytes)
      return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.ws.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.ws.on('close', done);
    });
  }

  receive(data: unknown): void {
    this.lastSeen = this.ctx.clock.now();
    // ws 6 hands text frames over as strings; both protocols are binary only.
    if (typeof data === 'string') return this.#invalid(new Error('text frames are not part of the protocol'));
    this.#queue.push(toBytes(data));
    if (this.#queue.length >= PAUSE_AT_QUEUED && !this.#paused) {
      this.#paused = true;
      this.socket.pause();
    }
    if (!this.#running) void this.#run();
  }

  /**
   * Messages are handled one at a time, in order; the next waits while the client is behind.
   * Synchronous handlers (updates, the hot path) run without a promise hop per message.
   */
  async #run(): Promise<void> {
    this.#running = true;
    while (this.#queue.length > 0 && !this.#closing) {
      if (this.ws.bufferedAmount > this.ctx.limits.pauseReadingAboveBytes) await this.#drained();
      const message = this.#queue.shift()!;
      try {
        const pending = this.handle(message);
        if (pending) await pending;
      } catch (error) {
        this.#invalid(error instanceof Error ? error : new Error(String(error)));
      }
      if (this.#paused && this.#queue.length < PAUSE_AT_QUEUED / 2) {
        this.#paused = false;
        this.socket.resume();
      }
    }
    this.#running = false;
  }

  #invalid(error: Error): void {
    this.ctx.log(`closing a connection: ${error.message}`);
    this.close(CLOSE.PROTOCOL_ERROR);
  }

  closed(): void {
    this.#closing = true;
    this.#queue = [];
    if (this.#cutTimer !== undefined) this.ctx.timers.clearTimeout(this.#cutTimer);
    this.dispose();
    this.ctx.onClosed(this);
  }

  uncork(): void {
    this.#corked = false;
    this.socket.uncork();
  }
}

// Module-level listeners: `this` is the ws, which carries its connection.
function onMessage(this: WebSocket, data: unknown): void {
  (this as TaggedSocket)[CONNECTION].receive(data);
}
function onPong(this: WebSocket): void {
  const connection = (this as TaggedSocket)[CONNECTION];
  connection.lastSeen = connection.ctx.clock.now();
}
function onError(this: WebSocket, error: Error): void {
  (this as TaggedSocket)[CONNECTION].ctx.log(`socket error: ${error.message}`);
}
function onClose(this: WebSocket): void {
  (this as TaggedSocket)[CONNECTION].closed();
}
function uncork(connection: Connection): void {
  connection.uncork();
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  throw new TypeError('unexpected websocket message payload');
}
