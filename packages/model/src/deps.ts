// What a domain operation needs from the outside world. Operations never read the wall clock or
// a random source themselves, so tests advance time and name ids instead of waiting or guessing.
import type { UserId } from './ids.ts';
import type { Origin } from './origins.ts';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface ModelDeps extends Clock {
  /** A fresh id, unique across peers (the caller decides how: random, peer-prefixed counter, ...). */
  newId(): string;
}

/** Who performs an operation; also the transaction origin of the write. */
export type Actor = Extract<Origin, { kind: 'user' } | { kind: 'mail-bridge' }>;

export const userActor = (userId: UserId): Actor => ({ kind: 'user', userId });
export const BRIDGE_ACTOR: Actor = { kind: 'mail-bridge' };

export interface OpContext {
  deps: ModelDeps;
  actor: Actor;
}

export function actorUserId(actor: Actor): UserId | undefined {
  return actor.kind === 'user' ? actor.userId : undefined;
}

/** Deterministic ids for tests and the in-memory network: `<prefix>-<n>`. */
export function counterIds(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${(n += 1)}`;
}
