// Seeds index rows straight into a real relay's hot buckets over the sync socket, as the bridge would
// leave them: 5,000 rows per mailbox keeps each bucket under the relay's per-doc cap. Used by the
// large-inbox e2e test and bench/web.
import * as Y from 'yjs';
import {
  docName,
  HOT_BUCKET,
  indexRows,
  mailboxId as toMailboxId,
  threadId as toThreadId,
  type ThreadSummary,
} from '@wharf/model';
import { createSyncClient } from '@wharf/sync';
import { syncedDoc, whenSaved } from './seed.ts';

export const ROWS_PER_MAILBOX = 5_000;
const SUBJECTS = [
  'RFQ',
  '询价',
  'Sample request',
  '样品',
  'Price negotiation',
  '价格',
  'Payment terms',
  '付款方式',
];

function summary(mailbox: string, n: number, now: number): ThreadSummary {
  return {
    threadId: toThreadId(`${mailbox}-t${n}`),
    mailboxId: toMailboxId(mailbox),
    subject: `${SUBJECTS[n % SUBJECTS.length]} #${mailbox}-${n}`,
    counterpart: { name: `Buyer ${n}`, address: `buyer${n}@customer.example` },
    snippet: 'Please quote your best price for 1x40HQ. 请报 1x40HQ 最优价格。',
    lastActivity: now - n * 60_000,
    messageCount: 1,
    hasAttachments: false,
    assignee: null,
    claim: null,
    status: 'open',
    snoozeUntil: null,
    closedAt: null,
    tags: [],
    unread: true,
    needsReply: true,
    customerId: null,
    receivedAt: now - n * 60_000,
    firstReplyAt: null,
  };
}

/**
 * Fills `mailboxes` with ROWS_PER_MAILBOX rows each (`rowFor` makes them; by default open RFQs of
 * the last days) and waits until the relay stored them.
 */
export async function seedIndexRows(
  wsUrl: string,
  token: string,
  mailboxes: string[],
  rowFor: (mailbox: string, n: number, now: number) => ThreadSummary = summary,
): Promise<void> {
  const client = createSyncClient({ url: `${wsUrl}/sync`, token });
  const now = Date.now();
  try {
    for (const mailbox of mailboxes) {
      const doc: Y.Doc = await syncedDoc(
        client,
        docName({ kind: 'index', mailboxId: toMailboxId(mailbox), bucket: HOT_BUCKET }),
      );
      doc.transact(() => {
        const rows = indexRows(doc);
        for (let n = 0; n < ROWS_PER_MAILBOX; n += 1) rows.set(`${mailbox}-t${n}`, rowFor(mailbox, n, now));
      });
      await whenSaved(client);
    }
  } finally {
    client.destroy();
  }
}
