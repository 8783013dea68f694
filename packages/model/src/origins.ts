// Transaction origins, defined once. Every local write to a doc runs in
// `doc.transact(fn, origin)` with one of these, so observers can tell who changed what
// and sync providers can skip echoing remote updates.
import type { UserId } from './ids.ts';

export type Origin =
  | { kind: 'user'; userId: UserId }
  | { kind: 'mail-bridge' }
  | { kind: 'migration'; name: string }
  | { kind: 'relay' }
  | { kind: 'remote' };

export const userOrigin = (userId: UserId): Origin => ({ kind: 'user', userId });
export const BRIDGE_ORIGIN: Origin = { kind: 'mail-bridge' };
export const RELAY_ORIGIN: Origin = { kind: 'relay' };
/** Updates applied from the network carry this origin; providers do not send them back. */
export const REMOTE_ORIGIN: Origin = { kind: 'remote' };
export const migrationOrigin = (name: string): Origin => ({ kind: 'migration', name });

export function isOrigin(value: unknown): value is Origin {
  return typeof value === 'object' && value !== null && 'kind' in value;
}
