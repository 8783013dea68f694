// Bearer secrets (sessions, invites, service tokens): 32 random bytes shown once, stored only
// as a SHA-256 hash, so a leaked database does not leak live credentials.
import { createHash, randomBytes } from 'node:crypto';

export type RandomBytes = (size: number) => Uint8Array;

export const TOKEN_BYTES = 32;

export function newToken(random: RandomBytes, prefix = ''): string {
  return prefix + Buffer.from(random(TOKEN_BYTES)).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Short url-safe ids for users and service tokens; valid as @wharf/model ids. */
export function newId(random: RandomBytes): string {
  return Buffer.from(random(12)).toString('base64url');
}

export const cryptoRandom: RandomBytes = (size) => randomBytes(size);
