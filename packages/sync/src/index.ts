export * from './protocol.ts';
export * from './close-codes.ts';
export type {
  AttachOptions,
  ClientTimers,
  SyncClientDeps,
  SyncClientEvents,
  SyncStatus,
  WebSocketConstructor,
  WebSocketLike,
} from './client.ts';
export { createSyncClient, SyncClient } from './client.ts';
export type { BackoffOptions } from './backoff.ts';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
