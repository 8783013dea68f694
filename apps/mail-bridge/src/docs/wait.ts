// Waiting on the sync client's own signals (never on sleeps), with a deadline from injected timers.
import type { SyncClient } from '@wharf/sync';
import type { Timers } from '../imap/mailbox-sync.ts';

export function waitUntil(
  timers: Timers,
  ready: () => boolean,
  subscribe: (wake: () => void) => () => void,
  what: string,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (ready()) return resolve();
    const off = subscribe(() => {
      if (!ready()) return;
      off();
      timers.clearTimeout(timer);
      resolve();
    });
    const timer = timers.setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
  });
}

export const docSynced = (client: SyncClient, timers: Timers, name: string, timeoutMs: number) =>
  waitUntil(
    timers,
    () => client.isSynced(name),
    (wake) => client.on('synced', wake),
    `${name} to sync`,
    timeoutMs,
  );

/** Every local change acknowledged by the relay (stored in its update log). */
export const allAcknowledged = (client: SyncClient, timers: Timers, timeoutMs: number) =>
  waitUntil(
    timers,
    () => client.pendingCount === 0,
    (wake) => client.on('status', wake),
    'the relay to acknowledge',
    timeoutMs,
  );
