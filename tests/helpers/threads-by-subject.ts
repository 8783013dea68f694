// A member's view of a mailbox for bridge tests: its hot index doc and, once it holds one row per
// expected subject, the thread doc of each subject, attached and synced through the relay.
import * as Y from 'yjs';
import { docName, indexRows, mailboxId, type ThreadSummary } from '@wharf/model';
import type { SyncClient } from '@wharf/sync';
import { waitFor } from './poll.ts';

export interface ThreadsBySubject {
  rows(): ThreadSummary[];
  row(subject: string): ThreadSummary;
  thread(subject: string): Y.Doc;
}

export async function threadsBySubject(
  reader: SyncClient,
  mailbox: string,
  subjects: readonly string[],
): Promise<ThreadsBySubject> {
  const hot = new Y.Doc();
  reader.attach(docName({ kind: 'index', mailboxId: mailboxId(mailbox), bucket: 'hot' }), hot);
  const rows = () => [...indexRows(hot).values()] as ThreadSummary[];
  const row = (subject: string) => rows().find((r) => r.subject === subject)!;
  await waitFor(() => rows().length === subjects.length, 'an index row per subject');
  const threads = new Map<string, Y.Doc>();
  for (const subject of subjects) {
    const name = docName({ kind: 'thread', mailboxId: mailboxId(mailbox), threadId: row(subject).threadId });
    const doc = new Y.Doc();
    reader.attach(name, doc);
    threads.set(subject, doc);
    await waitFor(() => reader.isSynced(name), `${subject} synced`);
  }
  return { rows, row, thread: (subject) => threads.get(subject)! };
}
