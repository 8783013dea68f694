// Wharf's multiplexed protocol through the real encoder and decoder of @wharf/sync. The bench opens
// one socket per (client, doc) like the peers' clients do, so the topologies match; the session
// token rides in `?token=` as a browser's would.
import { decodeServerMessage, encodeMessage, PROTOCOL_VERSION } from '@wharf/sync';
import type { Endpoint } from '../messages.ts';
import { other, type Incoming, type Wire } from './wire.ts';

const emptyStateVector = new Uint8Array([0]);

export const wharfWire: Wire = {
  socketUrl: (endpoint: Endpoint) =>
    `ws://127.0.0.1:${endpoint.port}/sync?token=${encodeURIComponent(endpoint.token)}`,

  openFrames: (_endpoint: Endpoint, doc: string) => [
    encodeMessage({ type: 'hello', version: PROTOCOL_VERSION }),
    encodeMessage({ type: 'subscribe', doc, seq: 0, stateVector: emptyStateVector }),
  ],

  updateFrame: (doc: string, update: Uint8Array, ref: number) =>
    encodeMessage({ type: 'update', doc, ref, update }),

  read: (frame: Uint8Array): Incoming => {
    const message = decodeServerMessage(frame);
    switch (message.type) {
      // A new doc's seq equals the client's 0, so `subscribed` is the whole answer; a doc with
      // content is followed by `sync-step2`, which readers scan like any update.
      case 'subscribed':
        return { kind: 'synced', payload: new Uint8Array(0) };
      case 'sync-step2':
      case 'remote-update':
        return { kind: 'update', payload: message.update };
      case 'denied':
      case 'rejected':
        return { kind: 'denied', reason: `${message.type} ${message.code}: ${message.reason}` };
      default:
        return other;
    }
  },
};
