// FNV-1a (32-bit) over UTF-16 code units: a cheap, stable fingerprint for ids and change detection,
// not a cryptographic hash. `seed` continues a running hash, so many strings fold into one value.
export const FNV_OFFSET = 0x811c9dc5;

export function fnv1a32(text: string, seed: number = FNV_OFFSET): number {
  let hash = seed;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
