// Real relay, real Dovecot: the bridge writes threads and index rows through the relay as a
// service client; a replayed write duplicates nothing; a UIDVALIDITY reset keeps comments and
// assignments because messages are matched to their existing records and threads.
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
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
import { createSyncClient, type SyncClient } from '@wharf/sync';
import { createBridge, openBridgeState, type Bridge } from '@wharf/mail-bridge';
import { dovecotMailbox, eventLog, realTimeDeps, type EventLog } from '@wharf/mail-bridge/testing';
import { waitFor, plainMail } from '../helpers/poll.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { startRelay, type TestRelay, type TestUser } from '../helpers/relay.ts';

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
  let relay: TestRelay;
  let dovecot: Dovecot;
  let admin: TestUser;
  let bridgeClient: SyncClient;
  let reader: SyncClient;
  let bridge: Bridge;
  let log: EventLog;
  let dataDir: string;
  const hot = new Y.Doc();
  const hotName = docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' });

  const startBridge = () => {
    bridge = createBridge({
      ...realTimeDeps(),
      dataDir,
      secretKey: SECRET,
      onEvent: log.onEvent,
      docs: { client: bridgeClient, newId: counterIds(`bridge-${Date.now()}`) },
    });
    bridge.start();
  };
  const rows = () => [...indexRows(hot).values()] as ThreadSummary[];

  beforeAll(async () => {
    relay = await startRelay();
    admin = await relay.admin();
    dovecot = await startDovecot([user]);
    dovecot.seed(
      user.email,
      'INBOX',
      seedMessages.map((raw) => ({ raw })),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-bridge-docs-'));
    log = eventLog();
    bridgeClient = createSyncClient({ url: `${relay.wsUrl}/sync`, token: await relay.serviceToken() });
    reader = createSyncClient({ url: `${relay.wsUrl}/sync`, token: admin.session });
    reader.attach(hotName, hot);
    const setup = openBridgeState(dataDir, SECRET);
    setup.store.addMailbox(dovecotMailbox('sales', user.email, dovecot.port), { password: user.password });
    setup.store.close();
    startBridge();
    await log.waitFor('synced', undefined, 30_000);
    await bridge.docsWritten();
    await waitFor(() => rows().length === 2, 'two index rows at the reader');
  });

  afterAll(async () => {
    await bridge?.[Symbol.asyncDispose]();
    bridgeClient?.destroy();
    reader?.destroy();
    await dovecot?.[Symbol.asyncDispose]();
    await relay?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
    await dovecot.append(
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
    await bridge[Symbol.asyncDispose]();
    const db = new DatabaseSync(join(dataDir, 'bridge.sqlite'));
    db.exec('UPDATE messages SET written_to_docs = 0');
    db.close();
    startBridge();
    await bridge.docsWritten();
    expect(bridge.store.pendingDocWrites(10)).toEqual([]);
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

    await bridge.stop();
    await dovecot.resetUidValidity(user.email, 'INBOX');
    const since = log.events.length;
    bridge.start();
    await log.waitFor('synced', undefined, 30_000, since);
    await bridge.docsWritten();

    expect(bridge.store.countMessages('sales')).toBe(seedMessages.length + 1);
    await waitFor(() => reader.pendingCount === 0, 'quiet');
    const view = threadView(doc, Date.now())!;
    expect(view.comments.map((c) => c.body)).toEqual(['客户很急，今天回复']);
    expect(view.assignee).toBe(admin.id);
    expect(view.messages).toHaveLength(3);
    expect(rows()).toHaveLength(3);
    reader.detach(name);
  });
});
