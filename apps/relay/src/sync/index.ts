export type { SyncServer, SyncServerDeps } from './sync-server.ts';
export { createSyncServer } from './sync-server.ts';
export type { Clock, SyncLimits, Timers } from './limits.ts';
export { DEFAULT_SYNC_LIMITS, SYSTEM_CLOCK, SYSTEM_TIMERS } from './limits.ts';
export type { SyncStats } from './doc-ops.ts';
