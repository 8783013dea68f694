// Each update carries its sequence number in the map key it sets (`~#` + 8 digits). Yjs writes map
// keys as plain UTF-8 in the update encoding, and a server that merges updates (Hocuspocus batches
// with Y.mergeUpdates) keeps every key, so readers find all markers in the raw bytes without
// decoding Yjs.

const markerDigits = 8;
const tilde = 0x7e;
const hash = 0x23;
const zero = 0x30;

export function markerKey(seq: number): string {
  return '~#' + String(seq).padStart(markerDigits, '0');
}

/** Calls `found(seq)` for every marker in `bytes`. */
export function scanMarkers(bytes: Uint8Array, found: (seq: number) => void): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const last = buffer.length - markerDigits - 2;
  let at = buffer.indexOf(tilde);
  while (at !== -1 && at <= last) {
    if (buffer[at + 1] === hash) {
      let seq = 0;
      let digits = 0;
      for (; digits < markerDigits; digits++) {
        const digit = buffer[at + 2 + digits]! - zero;
        if (digit < 0 || digit > 9) break;
        seq = seq * 10 + digit;
      }
      if (digits === markerDigits) {
        found(seq);
        at += 2 + markerDigits;
      } else {
        at += 1;
      }
    } else {
      at += 1;
    }
    at = buffer.indexOf(tilde, at);
  }
}
