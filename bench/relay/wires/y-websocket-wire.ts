// The y-websocket protocol: one doc per socket, the doc name in the URL, y-protocols messages as is.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Endpoint } from '../messages.ts';
import { other, type Incoming, type Wire } from './wire.ts';

const messageSync = 0;
/** An empty state vector: the client holds nothing and asks for everything. */
const emptyStateVector = new Uint8Array([0]);

export const yWebsocketWire: Wire = {
  socketUrl: (endpoint: Endpoint, doc: string) => `ws://127.0.0.1:${endpoint.port}/${doc}`,

  openFrames: () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(encoder, emptyStateVector);
    return [encoding.toUint8Array(encoder)];
  },

  updateFrame: (_doc: string, update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsUpdate);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  },

  read: (frame: Uint8Array): Incoming => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== messageSync) return other;
    return readSyncBody(decoder, frame);
  },
};

/** Reads `[syncType][payload]` from the decoder's position; shared with the Hocuspocus framing. */
export function readSyncBody(decoder: decoding.Decoder, frame: Uint8Array): Incoming {
  const syncType = decoding.readVarUint(decoder);
  const payload = frame.subarray(decoder.pos);
  if (syncType === syncProtocol.messageYjsSyncStep2) return { kind: 'synced', payload };
  if (syncType === syncProtocol.messageYjsUpdate) return { kind: 'update', payload };
  return other;
}
