// What a protocol-level load client needs to know about a server's wire format. Clients never decode
// Yjs: they frame updates the writer produced and hand readers the raw bytes of what arrives.
import type { Endpoint } from '../messages.ts';

export type Incoming =
  /** The server's answer to the client's sync request: the doc is joined. */
  | { readonly kind: 'synced'; readonly payload: Uint8Array }
  | { readonly kind: 'update'; readonly payload: Uint8Array }
  | { readonly kind: 'denied'; readonly reason: string }
  | { readonly kind: 'other' };

export interface Wire {
  socketUrl(endpoint: Endpoint, doc: string): string;
  /** Frames a client sends right after the socket opens (auth, subscribe, sync step 1). */
  openFrames(endpoint: Endpoint, doc: string): Uint8Array[];
  /** `ref` (> 0, unique per socket) is for protocols that acknowledge each update. */
  updateFrame(doc: string, update: Uint8Array, ref: number): Uint8Array;
  read(frame: Uint8Array): Incoming;
}

export const other: Incoming = { kind: 'other' };
