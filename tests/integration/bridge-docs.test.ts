// Real relay, real Dovecot: the bridge writes threads and index rows through the relay as a
// service client; a replayed write duplicates nothing; a UIDVALIDITY reset keeps comments and
// assignments because messages are matched to their existing records and threads.
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addComment,
  assignThread,
  docName,
  indexRows,
  mailboxId,
  threadView,
  userActor,
  userId,
  counterIds,
  type ThreadSummary,
} from '@wharf/model';
import type { SyncClient } from '@wharf/sync';
import { waitFor, plainMail } from '../helpers/poll.ts';
import type { TestUser } from '../helpers/relay.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const user = { email: 'sales@wharf.test', password: 'secret' };
const SECRET = Buffer.alloc(32, 3).toString('base64');
const mail = plainMail;

const seedMessages = [
  mail(
    {
      'Message-ID': '<q1@buyer.example>',
      From: 'Buyer <buyer@buyer.example>',
      Subject: 'Quote for 500 valves',
      Date: 'Mon, 23 Nov 2026 08:00:00 +0000',
    },
    'Please quote 500 valves.',
  ),
  mail(
    {
      'Message-ID': '<q2@wharf.test>',
      From: 'Sales <sales@wharf.test>',
      To: 'buyer@buyer.example',
      Subject: 'Re: Quote for 500 valves',
      'In-Reply-To': '<q1@buyer.example>',
      References: '<q1@buyer.example>',
      Date: 'Mon, 23 Nov 2026 09:00:00 +0000',
    },
    'USD 12 each.',
  ),
  mail(
    {
      'Message-ID': '<q3@buyer.example>',
      From: 'Buyer <buyer@buyer.example>',
      Subject: 'RE: Re: Quote for 500 valves',
      'In-Reply-To': '<q2@wharf.test>',
      References: '<q1@buyer.example> <q2@wharf.test>',
      Date: 'Mon, 23 Nov 2026 10:00:00 +0000',
    },
    'Deal.',
  ),
  mail(
    {
      'Message-ID': '<other@factory.example.cn>',
      From: 'Factory <li@factory.example.cn>',
      Subject: '=?utf-8?B?' + Buffer.from('样品寄出').toString('base64') + '?=',
      Date: 'Mon, 23 Nov 2026 11:00:00 +0000',
    },
    '样品已寄出。',
  ),
];

describe('bridge writes docs through the relay', () => {
  let stack: Stack;
  let admin: TestUser;
  let reader: SyncClient;
  const hot = new Y.Doc();
  const hotName = docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' });
  const rows = () => [...indexRows(hot).values()] as ThreadSummary[];

  beforeAll(async () => {
    stack = await startStack({
      users: [user],
      seed: (dovecot) =>
        dovecot.seed(
          user.email,
          'INBOX',
          seedMessages.map((raw) => ({ raw })),
        ),
      bridge: { secretKey: SECRET },
    });
    admin = await stack.relay.admin();
    reader = stack.connect(admin.session);
    reader.attach(hotName, hot);
    await stack.log.waitFor('synced', undefined, 30_000);
    await stack.bridge.docsWritten();
    await waitFor(() => rows().length === 2, 'two index rows at the reader');
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('one thread per conversation, with its messages, directions and decoded subjects', async () => {
    const quote = rows().find((r) => r.subject === 'Quote for 500 valves')!;
    expect(quote).toMatchObject({ messageCount: 3, needsReply: true, mailboxId: 'sales' });
    expect(rows().find((r) => r.threadId !== quote.threadId)!.subject).toBe('样品寄出');
    const doc = new Y.Doc();
    const name = docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: quote.threadId });
    reader.attach(name, doc);
    await waitFor(() => reader.isSynced(name), 'thread doc synced');
    const view = threadView(doc, Date.now())!;
    expect(view.messages.map((m) => m.direction)).toEqual(['in', 'out', 'in']);
    expect(view.messages[0]!.snippet).toContain('Please quote 500 valves');
    reader.detach(name);
  });

  it('a message APPENDed while the bridge runs shows up in the index doc within 2 s', async () => {
    const before = rows().length;
    await stack.dovecot.append(
      user,
      'INBOX',
      mail(
        {
          'Message-ID': '<live@new-buyer.example>',
          From: 'New Buyer <nb@new-buyer.example>',
          Subject: 'Catalogue request',
          Date: 'Mon, 23 Nov 2026 12:00:00 +0000',
        },
        'Please send your catalogue.',
      ),
    );
    await waitFor(
      () => rows().some((r) => r.subject === 'Catalogue request'),
      'live message in the index',
      2_000,
    );
    expect(rows()).toHaveLength(before + 1);
  });

  it('a replayed write (crash after the relay acknowledged, before the mark) adds nothing', async () => {
    await stack.stopBridge();
    const db = new DatabaseSync(join(stack.dataDir, 'bridge.sqlite'));
    db.exec('UPDATE messages SET written_to_docs = 0');
    db.close();
    await stack.startBridge().docsWritten();
    expect(stack.bridge.store.pendingDocWrites(10)).toEqual([]);
    expect(rows()).toHaveLength(3);
    expect(rows().find((r) => r.subject === 'Quote for 500 valves')!.messageCount).toBe(3);
  });

  it('a UIDVALIDITY reset keeps comments and assignments, and duplicates nothing', async () => {
    const quote = rows().find((r) => r.subject === 'Quote for 500 valves')!;
    const name = docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: quote.threadId });
    const doc = new Y.Doc();
    reader.attach(name, doc);
    await waitFor(() => reader.isSynced(name), 'thread doc synced');
    const ctx = {
      deps: { now: () => Date.now(), newId: counterIds('reader') },
      actor: userActor(userId(admin.id)),
    };
    addComment(doc, { body: '客户很急，今天回复' }, ctx);
    assignThread(doc, userId(admin.id), ctx);
    await waitFor(() => reader.pendingCount === 0, 'comment acknowledged');

    await stack.bridge.stop();
    await stack.dovecot.resetUidValidity(user.email, 'INBOX');
    const since = stack.log.events.length;
    stack.bridge.start();
    await stack.log.waitFor('synced', undefined, 30_000, since);
    await stack.bridge.docsWritten();

    expect(stack.bridge.store.countMessages('sales')).toBe(seedMessages.length + 1);
    await waitFor(() => reader.pendingCount === 0, 'quiet');
    const view = threadView(doc, Date.now())!;
    expect(view.comments.map((c) => c.body)).toEqual(['客户很急，今天回复']);
    expect(view.assignee).toBe(admin.id);
    expect(view.messages).toHaveLength(3);
    expect(rows()).toHaveLength(3);
    reader.detach(name);
  });
});
