// A write the relay refuses (here: the hot index bucket past a small size cap) must not be taken
// for a written one: the bridge keeps those messages pending, says which doc was refused and why,
// and never marks a message written whose thread row the relay does not hold.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docName, indexRows, mailboxId, type ThreadSummary } from '@wharf/model';
import { plainMail } from '../helpers/poll.ts';
import { onClient, waitUntil } from '../helpers/relay-waits.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const inbox = { email: 'sales@wharf.test', password: 'secret' };
const THREADS = 80;
const inquiries = Array.from({ length: THREADS }, (_, n) => ({
  raw: plainMail(
    {
      'Message-ID': `<inquiry-${n}@buyer${n}.example>`,
      From: `Buyer ${n} <purchasing@buyer${n}.example>`,
      Subject: `Inquiry ${n}: stainless flanges DN${50 + n}`,
      Date: 'Mon, 23 Nov 2026 08:00:00 +0000',
    },
    `Please quote 500 flanges, drawing ${n} attached later. We need delivery before week ${n % 52}.`,
  ),
}));

describe('a write the relay refuses', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      users: [inbox],
      seed: (dovecot) => dovecot.seed(inbox.email, 'INBOX', inquiries),
      // room for a few dozen rows in one doc: the hot bucket fills before the import is done
      relay: {
        storagePolicy: { maxDocBytes: 16 * 1024, compactAfterCount: 1_000, compactMinLogBytes: 1024 },
      },
    });
    await stack.log.waitFor('synced', undefined, 60_000);
    await stack.bridge.docsWritten();
  }, 90_000);

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('keeps its messages pending, says which doc and why, and marks written only what the relay holds', async () => {
    const admin = await stack.relay.admin();
    const reader = stack.connect(admin.session);
    const hot = new Y.Doc();
    const name = docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' });
    reader.attach(name, hot);
    await waitUntil('the hot bucket at a reader', () => reader.isSynced(name), onClient(reader), 20_000);
    const rows = [...indexRows(hot).values()] as ThreadSummary[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(THREADS);

    const pending = stack.bridge.store.pendingDocWrites(THREADS);
    expect(pending.length).toBeGreaterThan(0);
    const shown = new Set(rows.map((r) => r.threadId as string));
    const written = stack.bridge.store
      .folderUids('sales', 'INBOX')
      .map((u) => stack.bridge.store.messageByKey('sales', u.key)!)
      .filter((m) => !pending.some((p) => p.key === m.key));
    for (const m of written) expect(shown.has(m.threadId), m.subject).toBe(true);

    const refused = stack.log.events.filter((e) => e.kind === 'error' && e.message.includes(name));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ mailboxId: 'sales' });
    expect(refused[0]?.kind === 'error' && refused[0].message).toContain('doc_too_large');
  });
});
