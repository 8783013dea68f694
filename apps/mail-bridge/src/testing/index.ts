// Test helpers for the bridge: real clock and timers (integration tests run against real servers),
// deterministic thread ids, and a way to wait for the bridge's own events instead of sleeping.
import type { SyncEvent } from '../imap/mailbox-sync.ts';
import type { MailboxSettings } from '../store/bridge-store.ts';

export function realTimeDeps() {
  let n = 0;
  return {
    clock: { now: () => Date.now() },
    timers: {
      setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    },
    random: Math.random,
    newThreadId: () => `t${(n += 1)}`,
  };
}

export interface EventLog {
  events: SyncEvent[];
  onEvent: (event: SyncEvent) => void;
  /** Resolves with the first event (already seen or future) that matches; rejects after timeoutMs. */
  waitFor<K extends SyncEvent['kind']>(
    kind: K,
    match?: (event: Extract<SyncEvent, { kind: K }>) => boolean,
    timeoutMs?: number,
    since?: number,
  ): Promise<Extract<SyncEvent, { kind: K }>>;
}

export function eventLog(): EventLog {
  const events: SyncEvent[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    onEvent(event) {
      events.push(event);
      for (const w of [...waiters]) w();
    },
    waitFor(kind, match = () => true, timeoutMs = 30_000, since = 0) {
      type E = Extract<SyncEvent, { kind: typeof kind }>;
      return new Promise<E>((resolve, reject) => {
        const check = () => {
          const found = events.slice(since).find((e): e is E => e.kind === kind && match(e as E));
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${kind} event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export function dovecotMailbox(
  id: string,
  address: string,
  imapPort: number,
  smtpPort = 25,
  over: Partial<MailboxSettings> = {},
): MailboxSettings {
  return {
    id,
    address,
    displayName: id,
    provider: 'custom',
    imap: { host: '127.0.0.1', port: imapPort, secure: false },
    smtp: { host: '127.0.0.1', port: smtpPort, secure: false },
    username: address,
    extraFolders: [],
    paused: false,
    ...over,
  };
}
export * from './dovecot.ts';
