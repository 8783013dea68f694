// What the bridge CLI prints: one JSON object per line (events as they happen, progress every
// few seconds), for people watching an initial sync and for tests that drive the process.
import type { MailboxProgress, SyncEvent } from './imap/mailbox-sync.ts';

export type Print = (line: object) => void;

export const printLine: Print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

export function printEvent(print: Print, event: SyncEvent): void {
  const count = 'keys' in event ? event.keys.length : 'uids' in event ? event.uids.length : undefined;
  const message = event.kind === 'error' ? event.message : undefined;
  print({ event: event.kind, mailbox: event.mailboxId, count, message });
}

export function printProgress(print: Print, all: readonly MailboxProgress[]): void {
  for (const p of all)
    print({
      progress: p.mailboxId,
      phase: p.phase,
      done: p.done,
      total: p.total,
      rate: Math.round(p.rate),
      eta: p.etaSeconds === undefined ? undefined : Math.round(p.etaSeconds),
    });
}
