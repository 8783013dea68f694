// One /y/<docName> connection speaking the stock y-websocket protocol (y-protocols sync and
// awareness, one doc per socket), so unmodified Yjs providers and tools can join a doc.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProtocolError } from '@wharf/sync';
import type { AwarenessChannel, AwarenessPeer } from './awareness-channel.ts';
import type { DocOps } from './doc-ops.ts';
import type { Outbound } from './outbound.ts';
import type { Fanout, Rooms, Subscriber } from './rooms.ts';
import { encodedFor } from './rooms.ts';

// y-websocket message types and y-protocols sync sub-types.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export interface YWebsocketSessionDeps {
  doc: string;
  access: 'read' | 'write';
  outbound: Outbound;
  ops: DocOps;
  rooms: Rooms;
  awareness: AwarenessChannel;
  log: (message: string) => void;
}

export interface YWebsocketSession {
  /** Sends the relay's step1 and the current awareness states, as y-websocket servers do. */
  start(): Promise<void>;
  handle(bytes: Uint8Array): Promise<void> | void;
  dispose(): void;
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

export function createYWebsocketSession(deps: YWebsocketSessionDeps): YWebsocketSession {
  const { doc, access, outbound, ops, rooms, awareness, log } = deps;
  const peer: Subscriber & AwarenessPeer = {
    deliver: (fanout) => outbound.send(encodedFor(fanout, 'y-websocket', encodeYUpdate)),
    sendAwareness: (update) => outbound.send(awarenessFrame(update)),
  };
  rooms.join(doc, peer);

  const receiveUpdate = (update: Uint8Array) => {
    if (isEmptyUpdate(update)) return;
    // The stock protocol has no way to refuse an update; a read-only client's edits stay local.
    if (access !== 'write') return log(`dropped an update to read-only ${doc} from a y-websocket client`);
    ops.append(doc, update, peer, (outcome) => {
      if (!outcome.ok) log(`y-websocket update to ${doc} refused: ${outcome.code}`);
    });
  };

  return {
    async start() {
      outbound.send(syncFrame(SYNC_STEP1, await ops.stateVector(doc)));
      awareness.join(peer);
    },
    async handle(bytes) {
      const d = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(d);
      switch (type) {
        case MESSAGE_SYNC: {
          const subtype = decoding.readVarUint(d);
          const payload = decoding.readVarUint8Array(d);
          if (subtype === SYNC_STEP1) {
            const diff = await ops.diff(doc, payload);
            outbound.send(syncFrame(SYNC_STEP2, diff.update));
          } else if (subtype === SYNC_STEP2 || subtype === SYNC_UPDATE) {
            receiveUpdate(payload);
          } else {
            throw new ProtocolError(`unknown sync message ${subtype}`);
          }
          return;
        }
        case MESSAGE_AWARENESS:
          return awareness.receive(peer, decoding.readVarUint8Array(d));
        case MESSAGE_QUERY_AWARENESS: {
          const snapshot = awareness.snapshot();
          if (snapshot) outbound.send(awarenessFrame(snapshot));
          return;
        }
        case MESSAGE_AUTH:
          return;
        default:
          throw new ProtocolError(`unknown y-websocket message ${type}`);
      }
    },
    dispose() {
      rooms.leave(doc, peer);
      awareness.leave(peer);
    },
  };
}
