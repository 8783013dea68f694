// Per-connection limits of the sync server (design §3: bounded buffers, message cap).
import { DOC_TARGET_BYTES } from '../storage/storage-policy.ts';

export interface SyncLimits {
  /** ws `maxPayload`: a bigger message closes the socket with 1009. Above the 5 MB doc cap. */
  readonly maxMessageBytes: number;
  /** Unsent bytes above which a connection is dropped as a slow consumer (4008). */
  readonly maxBufferedBytes: number;
  /** Unsent bytes above which the relay stops reading a connection's requests until it drains. */
  readonly pauseReadingAboveBytes: number;
  /** How long a dropped connection gets to complete the close handshake before it is cut. */
  readonly closeGraceMs: number;
  /** Every connection is pinged this often; one silent for two periods is cut (dead peers, NAT). */
  readonly heartbeatMs: number;
  /** Docs above this size are logged (design §2 target); the hard cap is the store's. */
  readonly docWarnBytes: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  maxMessageBytes: 6 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  pauseReadingAboveBytes: 1024 * 1024,
  closeGraceMs: 5_000,
  heartbeatMs: 30_000,
  docWarnBytes: DOC_TARGET_BYTES,
};

/** Timers are injected (house rule): tests drive them, production passes the globals. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/** Unref'd: the relay's housekeeping timers never keep a process alive on their own. */
export const SYSTEM_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
