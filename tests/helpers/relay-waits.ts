// Event-driven waits for sync tests: re-check a condition whenever something relevant happens,
// fail with a description after a timeout. No polling, no sleeps.
import type { SyncClient, SyncClientEvents } from '@wharf/sync';
import type * as Y from 'yjs';

export function waitUntil(
  describe: string,
  check: () => boolean,
  subscribe: (wake: () => void) => () => void,
  timeoutMs = 10_000,
): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${describe}`));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

const ALL_EVENTS: (keyof SyncClientEvents)[] = [
  'status',
  'seq',
  'synced',
  'denied',
  'rejected',
  'close',
  'message',
];

/** Wakes on any client event. */
export const onClient =
  (client: SyncClient) =>
  (wake: () => void): (() => void) => {
    const offs = ALL_EVENTS.map((event) => client.on(event, wake));
    return () => offs.forEach((off) => off());
  };

export const onDoc =
  (doc: Y.Doc) =>
  (wake: () => void): (() => void) => {
    doc.on('update', wake);
    return () => doc.off('update', wake);
  };

export const untilSaved = (client: SyncClient) =>
  waitUntil('client status saved', () => client.status === 'saved', onClient(client));

export const untilText = (doc: Y.Doc, key: string, text: string) =>
  waitUntil(`text ${key} = ${JSON.stringify(text)}`, () => doc.getText(key).toJSON() === text, onDoc(doc));

/** Resolves with the first event of a kind whose arguments pass `match`. */
export function nextEvent<K extends keyof SyncClientEvents>(
  client: SyncClient,
  event: K,
  match: (...args: SyncClientEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<SyncClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${String(event)}`));
    }, timeoutMs);
    const off = client.on(event, (...args) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}
