// The bridge keeps thread fields from the docs in its search index, through the real stack
// (`npm start`: relay + bridge in one process, Dovecot): a member assigns, tags, comments, notes and
// closes a thread through a sync client, as the web app does; `assignee:`, `tag:`, `status:closed`,
// `customer:` and words of the comment and note then find the thread, only for those who may read
// its mailbox.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addComment,
  addNote,
  addTag,
  assignThread,
  counterIds,
  customerId,
  deleteComment,
  docName,
  mailboxId,
  repairCustomerRow,
  setCustomerFields,
  setThreadStatus,
  threadId as toThreadId,
  userActor,
  userId,
  userOrigin,
  type IndexDocs,
} from '@wharf/model';
import { createSyncClient, type SyncClient } from '@wharf/sync';
import { plainMail, waitFor } from '../helpers/poll.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { testUsers, type TestUser } from '../helpers/relay.ts';
import { startWharfWithMailboxes, type WharfWithMailboxes } from '../helpers/wharf-process.ts';

const SECRET = Buffer.alloc(32, 11).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret-s' };
const info = { email: 'info@wharf.test', password: 'secret-i' };

interface Hit {
  key: string;
  mailbox: string;
  thread: string;
  snippet: { text: string; source: string };
}

describe('search follows thread fields, comments and notes from the docs', () => {
  let dovecot: Dovecot;
  let wharf: WharfWithMailboxes;
  let admin: TestUser;
  let bo: TestUser;
  let cy: TestUser;
  let client: SyncClient | undefined;

  const search = async (q: string, user: TestUser): Promise<Hit[]> => {
    const response = await fetch(`${wharf.url}/api/search?q=${encodeURIComponent(q)}`, {
      headers: { cookie: user.cookie },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { hits: Hit[] }).hits;
  };
  /** The hits once `done` holds for them (the index follows the docs asynchronously). */
  const searchUntil = async (q: string, user: TestUser, done: (hits: Hit[]) => boolean) => {
    let hits: Hit[] = [];
    let asking = false;
    await waitFor(
      () => {
        if (!asking) {
          asking = true;
          void search(q, user).then((h) => {
            hits = h;
            asking = false;
          });
        }
        return done(hits);
      },
      `search "${q}"`,
      15_000,
    );
    return hits;
  };
  beforeAll(async () => {
    dovecot = await startDovecot([sales, info]);
    dovecot.seed(sales.email, 'INBOX', [
      {
        raw: plainMail(
          {
            From: 'Buyer <buyer@buyer.example>',
            Subject: 'Anfrage Drosselklappen',
            'Message-ID': '<follow-1@buyer.example>',
            Date: 'Fri, 20 Nov 2026 08:00:00 +0000',
          },
          'Bitte um ein Angebot fuer 300 Drosselklappen DN100.',
        ),
      },
    ]);
    dovecot.seed(info.email, 'INBOX', [
      {
        raw: plainMail(
          {
            To: info.email,
            From: 'Agent <agent@forwarder.example>',
            Subject: 'Frachtrate Hamburg',
            'Message-ID': '<follow-2@forwarder.example>',
            Date: 'Fri, 20 Nov 2026 09:00:00 +0000',
          },
          'Rate for 40HQ to Hamburg.',
        ),
      },
    ]);
    wharf = await startWharfWithMailboxes(dovecot.port, SECRET, [
      { id: 'sales', ...sales },
      { id: 'info', ...info },
    ]);
    const users = testUsers(wharf.url);
    admin = await users.admin();
    bo = await users.member({ name: 'Bo Wang', mailboxes: ['sales'] });
    cy = await users.member({ name: 'Cy Li', mailboxes: ['info'] });
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await wharf?.stop();
    await dovecot?.[Symbol.asyncDispose]();
  });

  it('finds a thread by assignee, tag, status, customer, comment and note once a member changed it', async () => {
    const [mail] = await searchUntil('Drosselklappen', bo, (hits) => hits.length === 1);
    const thread = mail!.thread;
    const boId = userId(bo.id);

    // Bo's sync client, as the web app: the thread doc and the index buckets its row may move to
    client = createSyncClient({ url: `${wharf.url.replace('http', 'ws')}/sync`, token: bo.session });
    const docs = new Map<string, Y.Doc>();
    const open = (name: string) => {
      let doc = docs.get(name);
      if (!doc) {
        doc = new Y.Doc();
        docs.set(name, doc);
        client!.attach(name, doc);
      }
      return doc;
    };
    const index: IndexDocs = (mailbox, bucket) =>
      open(docName({ kind: 'index', mailboxId: mailbox, bucket }));
    const threadName = docName({
      kind: 'thread',
      mailboxId: mailboxId('sales'),
      threadId: toThreadId(thread),
    });
    const doc = open(threadName);
    index(mailboxId('sales'), 'hot');
    await waitFor(() => client!.isSynced(threadName) && client!.isSynced('index/sales/hot'), 'docs synced');
    const ctx = { deps: { now: () => Date.now(), newId: counterIds('bo') }, actor: userActor(boId), index };

    // before: nothing from the docs is indexed
    expect(await search('tag:muster', bo)).toEqual([]);
    assignThread(doc, boId, ctx);
    addTag(doc, 'Muster', ctx);
    const comment = addComment(doc, { body: 'Kunde verlangt Skonto von 2 %' }, ctx);
    addNote(doc, '样品已寄出，DHL 单号 1234', ctx);
    setThreadStatus(doc, { status: 'closed' }, ctx);
    await waitFor(() => client!.pendingCount === 0, 'changes acknowledged');

    const onlyThisThread = (hits: Hit[]) => hits.length === 1 && hits[0]!.thread === thread;
    for (const q of [
      'assignee:bo',
      `assignee:${bo.email}`,
      'tag:muster',
      'status:closed',
      'customer:buyer.example',
      'skonto',
      '样品',
      'drosselklappen status:closed tag:muster',
    ])
      await searchUntil(q, bo, onlyThisThread);
    const [internal] = await search('skonto', bo);
    expect(internal!.snippet).toMatchObject({ source: 'internal' });
    expect(internal!.snippet.text).toContain('Skonto');
    expect(await search('status:open drosselklappen', bo)).toEqual([]);

    // a member without a grant on sales finds none of it; an admin finds it
    for (const q of ['skonto', '样品', 'tag:muster', 'status:closed', 'assignee:bo', 'drosselklappen'])
      expect(await search(q, cy)).toEqual([]);
    expect((await search('Frachtrate', cy)).map((h) => h.mailbox)).toEqual(['info']);
    expect(onlyThisThread(await search('skonto', admin))).toBe(true);

    // deleting the comment takes its words out of the index
    deleteComment(doc, comment.id, ctx);
    await searchUntil('skonto', bo, (hits) => hits.length === 0);
    expect(onlyThisThread(await search('样品', bo))).toBe(true);

    // the name the team gives the customer finds its threads (through the customers index)
    expect(await search('customer:huber', bo)).toEqual([]);
    const customerName = docName({ kind: 'customer', customerId: customerId('d-buyer.example') });
    const customer = open(customerName);
    const customers = open(docName({ kind: 'customers' }));
    await waitFor(
      () => client!.isSynced(customerName) && client!.isSynced(docName({ kind: 'customers' })),
      'customer docs synced',
    );
    setCustomerFields(customer, { name: 'Huber Armaturen' }, ctx);
    repairCustomerRow(customer, customers, userOrigin(boId));
    await searchUntil('customer:huber', bo, onlyThisThread);
    await searchUntil('customer:"huber armaturen"', bo, onlyThisThread);
  }, 90_000);
});
