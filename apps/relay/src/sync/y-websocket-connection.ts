// One /y/<docName> connection speaking the stock y-websocket protocol (y-protocols sync and
// awareness, one doc per socket), so unmodified Yjs providers and tools can join a doc.
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import type { Principal } from '@wharf/model';
import { ProtocolError } from '@wharf/sync';
import type { AwarenessChannel } from './awareness-channel.ts';
import type { ConnectionContext } from './connection.ts';
import { Connection } from './connection.ts';
import type { Fanout, Rooms } from './rooms.ts';
import { encodedFor } from './rooms.ts';

// y-websocket message types and y-protocols sync sub-types.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export interface YContext extends ConnectionContext {
  readonly rooms: Rooms;
  /** The doc's awareness channel (y-websocket awareness is per doc); released on close. */
  readonly awarenessFor: (doc: string) => AwarenessChannel;
  readonly releaseAwareness: (doc: string) => void;
}

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

const syncFrame = (subtype: number, payload: Uint8Array) =>
  frame(MESSAGE_SYNC, (e) => {
    encoding.writeVarUint(e, subtype);
    encoding.writeVarUint8Array(e, payload);
  });
const awarenessFrame = (update: Uint8Array) =>
  frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update));
const encodeYUpdate = (f: Fanout) => syncFrame(SYNC_UPDATE, f.update);

/** Yjs' encoding of "nothing": stock providers answer a step1 with it when they have nothing new. */
const isEmptyUpdate = (u: Uint8Array) => u.length === 2 && u[0] === 0 && u[1] === 0;

export class YWebsocketConnection extends Connection {
  readonly doc: string;
  readonly #access: 'read' | 'write';
  readonly #y: YContext;
  readonly #awareness: AwarenessChannel;

  constructor(
    ws: WebSocket,
    socket: Duplex,
    principal: Principal,
    ctx: YContext,
    doc: string,
    access: 'read' | 'write',
  ) {
    super(ws, socket, principal, ctx);
    this.doc = doc;
    this.#access = access;
    this.#y = ctx;
    this.#awareness = ctx.awarenessFor(doc);
    ctx.rooms.join(doc, this);
  }

  /** Sends the relay's step1 and the current awareness states, as y-websocket servers do. */
  async start(): Promise<void> {
    this.send(syncFrame(SYNC_STEP1, await this.ctx.ops.stateVector(this.doc)));
    this.#awareness.join(this);
  }

  deliver(fanout: Fanout): void {
    this.send(encodedFor(fanout, 'y-websocket', encodeYUpdate));
  }

  sendAwareness(update: Uint8Array): void {
    this.send(awarenessFrame(update));
  }

  protected async handle(bytes: Uint8Array): Promise<void> {
    const d = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(d);
    switch (type) {
      case MESSAGE_SYNC: {
        const subtype = decoding.readVarUint(d);
        const payload = decoding.readVarUint8Array(d);
        if (subtype === SYNC_STEP1) {
          const diff = await this.ctx.ops.diff(this.doc, payload);
          this.send(syncFrame(SYNC_STEP2, diff.update));
        } else if (subtype === SYNC_STEP2 || subtype === SYNC_UPDATE) {
          this.#receiveUpdate(payload);
        } else {
          throw new ProtocolError(`unknown sync message ${subtype}`);
        }
        return;
      }
      case MESSAGE_AWARENESS:
        return this.#awareness.receive(this, decoding.readVarUint8Array(d));
      case MESSAGE_QUERY_AWARENESS: {
        const snapshot = this.#awareness.snapshot(this);
        if (snapshot) this.send(awarenessFrame(snapshot));
        return;
      }
      case MESSAGE_AUTH:
        return;
      default:
        throw new ProtocolError(`unknown y-websocket message ${type}`);
    }
  }

  protected dispose(): void {
    this.#y.rooms.leave(this.doc, this);
    this.#awareness.leave(this);
    this.#y.releaseAwareness(this.doc);
  }

  #receiveUpdate(update: Uint8Array): void {
    if (isEmptyUpdate(update)) return;
    // The stock protocol has no way to refuse an update; a read-only client's edits stay local.
    if (this.#access !== 'write')
      return this.ctx.log(`dropped an update to read-only ${this.doc} from a y-websocket client`);
    this.ctx.ops.append(this.doc, update, this, (outcome) => {
      if (!outcome.ok) this.ctx.log(`y-websocket update to ${this.doc} refused: ${outcome.code}`);
    });
  }
}
