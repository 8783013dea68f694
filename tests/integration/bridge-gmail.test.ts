// Gmail cannot be reached from here (no internet), and Dovecot has no X-GM-LABELS. What the Gmail
// path stores — All Mail entries with the thread id X-GM-THRID and labels riding in the flag list —
// is put into a real bridge store, and a real bridge writes it through a real relay: the thread
// carries the user labels as tags, and messages sharing a Gmail thread id share one thread.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docName, indexRows, mailboxId, type ThreadSummary } from '@wharf/model';
import { assignThread, openBridgeState, type MessageMeta } from '@wharf/mail-bridge';
import { dovecotMailbox } from '@wharf/mail-bridge/testing';
import { waitFor } from '../helpers/poll.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const SECRET = Buffer.alloc(32, 6).toString('base64');

const meta = (n: number, subject: string, thread: string): MessageMeta => ({
  key: `gmail-${n}`,
  messageId: `<gmail-${n}@buyer.example>`,
  inReplyTo: undefined,
  references: [],
  subject,
  normalizedSubject: subject.toLowerCase(),
  from: { name: 'Buyer', address: 'buyer@buyer.example' },
  to: [{ name: '', address: 'sales@wharf.test' }],
  cc: [],
  date: Date.UTC(2026, 10, 23, 8, n),
  size: 100,
  hasAttachments: false,
  providerThreadId: thread,
});

describe('the Gmail path into the docs', () => {
  let stack: Stack;
  const hot = new Y.Doc();
  const rows = () => [...indexRows(hot).values()] as ThreadSummary[];

  beforeAll(async () => {
    stack = await startStack({ bridge: { secretKey: SECRET, mailbox: null, start: false } });
    const { store } = openBridgeState(stack.dataDir, SECRET);
    store.addMailbox(
      dovecotMailbox('sales', 'sales@wharf.test', 1, 25, { provider: 'gmail', paused: true }),
      {
        password: 'unused',
      },
    );
    // as syncFolder stores All Mail: no References, but one X-GM-THRID for both messages
    store.saveBatch(
      'sales',
      '[Gmail]/All Mail',
      [
        {
          uid: 1,
          flags: ['\\Seen', 'label:\\Inbox', 'label:Customers/ACME'],
          meta: meta(1, 'Order 12', '1789'),
        },
        { uid: 2, flags: ['label:\\Important', 'label:询价'], meta: meta(2, 'Different subject', '1789') },
      ],
      { uidValidity: '1', uidNext: 3, backfillBelow: 1, highestModseq: undefined },
      (m, lookup) => {
        const decision = assignThread({ ...m, participants: [] }, lookup);
        return decision.kind === 'existing' ? decision.threadId : `t-${m.key}`;
      },
    );
    store.close();
    const reader = stack.connect((await stack.relay.admin()).session);
    reader.attach(docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' }), hot);
    // the mailbox is paused: the bridge writes what its store holds without trying to reach Gmail
    stack.startBridge();
    await stack.bridge.docsWritten();
    await waitFor(() => rows().length === 1 && rows()[0]!.tags.length === 2, 'the thread with its tags');
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('one thread per Gmail thread id; user labels are its tags, system labels are not', () => {
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ messageCount: 2, tags: ['customers/acme', '询价'] });
  });
});
