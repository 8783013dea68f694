// Hocuspocus framing (checked against @hocuspocus/server 4.7 src/ClientConnection.ts and
// MessageReceiver.ts): every message starts with the document name (varString); a doc is joined
// with an Auth message `[doc][2][0][token][providerVersion]`, answered by `[doc][2][2][scope]` or
// `[doc][2][1][reason]`; sync messages are `[doc][0 or 4][syncType][payload]`.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Endpoint } from '../messages.ts';
import { other, type Incoming, type Wire } from './wire.ts';
import { readSyncBody } from './y-websocket-wire.ts';

const messageSync = 0;
const messageAuth = 2;
const messageSyncReply = 4;
const authToken = 0;
const authPermissionDenied = 1;
const providerVersion = '4.7.0';

function frame(doc: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, doc);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const hocuspocusWire: Wire = {
  socketUrl: (endpoint: Endpoint) => `ws://127.0.0.1:${endpoint.port}/`,

  openFrames: (endpoint: Endpoint, doc: string) => [
    frame(doc, (encoder) => {
      encoding.writeVarUint(encoder, messageAuth);
      encoding.writeVarUint(encoder, authToken);
      encoding.writeVarString(encoder, endpoint.token);
      encoding.writeVarString(encoder, providerVersion);
    }),
    frame(doc, (encoder) => {
      encoding.writeVarUint(encoder, messageSync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
      encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
    }),
  ],

  updateFrame: (doc: string, update: Uint8Array) =>
    frame(doc, (encoder) => {
      encoding.writeVarUint(encoder, messageSync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsUpdate);
      encoding.writeVarUint8Array(encoder, update);
    }),

  read: (bytes: Uint8Array): Incoming => {
    const decoder = decoding.createDecoder(bytes);
    // Skip the doc name without building a string: the socket carries one doc.
    const nameLength = decoding.readVarUint(decoder);
    decoder.pos += nameLength;
    const type = decoding.readVarUint(decoder);
    if (type === messageSync || type === messageSyncReply) return readSyncBody(decoder, bytes);
    if (type === messageAuth && decoding.readVarUint(decoder) === authPermissionDenied) {
      return { kind: 'denied', reason: decoding.readVarString(decoder) };
    }
    return other;
  },
};
