// Hand-over through the real relay: Anna (online) has 200 open threads, 5 closed ones and 50
// customers; an admin hands her over to Bo with one request. Everything of hers moves, nothing of
// Chen's or history does, her socket closes, and the summary says what moved.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMessages,
  assignThread,
  counterIds,
  customerId,
  customerIndexRows,
  customerView,
  docName,
  indexRows,
  mailboxId,
  setCustomerFields,
  setThreadStatus,
  threadId,
  threadView,
  userActor,
  userId,
  type ThreadSummary,
} from '@wharf/model';
import { CLOSE, type SyncClient } from '@wharf/sync';
import type { TestRelay, TestUser } from '../helpers/relay.ts';
import { onClient, waitUntil } from '../helpers/relay-waits.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const sales = mailboxId('sales');

const whenClient = (client: SyncClient, ready: () => boolean, what: string) =>
  waitUntil(what, ready, onClient(client), 30_000);

describe('POST /api/members/:id/hand-over', () => {
  let stack: Stack;
  let relay: TestRelay;
  let admin: TestUser;
  let anna: TestUser;
  let bo: TestUser;
  let chen: TestUser;
  let writer: SyncClient;
  let annaClient: SyncClient;
  const annaClosed: { code: number }[] = [];
  const threads = new Map<string, Y.Doc>();
  const customers = new Map<string, Y.Doc>();
  const hot = new Y.Doc();
  const hotName = docName({ kind: 'index', mailboxId: sales, bucket: 'hot' });
  const customerIndex = new Y.Doc();

  beforeAll(async () => {
    stack = await startStack({ bridge: false });
    relay = stack.relay;
    admin = await relay.admin();
    anna = await relay.member({ name: 'Anna', mailboxes: ['sales'] });
    bo = await relay.member({ name: 'Bo', mailboxes: ['sales'] });
    chen = await relay.member({ name: 'Chen', mailboxes: ['sales'] });

    // The team's docs, written by the admin's client as the app would.
    writer = stack.connect(admin.session);
    writer.attach(hotName, hot);
    writer.attach('customers', customerIndex);
    const months = new Map<string, Y.Doc>();
    const index = (_mailbox: string, bucket: string) => {
      if (bucket === 'hot') return hot;
      let doc = months.get(bucket);
      if (!doc) {
        months.set(bucket, (doc = new Y.Doc()));
        writer.attach(docName({ kind: 'index', mailboxId: sales, bucket }), doc);
      }
      return doc;
    };
    const ctx = {
      deps: { now: () => Date.now(), newId: counterIds('admin') },
      actor: userActor(userId(admin.id)),
      index,
    };
    const thread = (id: string, assignee: string | null, closed = false) => {
      const doc = new Y.Doc();
      writer.attach(docName({ kind: 'thread', mailboxId: sales, threadId: threadId(id) }), doc);
      addMessages(doc, { threadId: threadId(id), mailboxId: sales, subject: `Inquiry ${id}` }, [], ctx);
      if (assignee) assignThread(doc, userId(assignee), ctx);
      if (closed) setThreadStatus(doc, { status: 'closed' }, ctx);
      threads.set(id, doc);
    };
    for (let i = 0; i < 200; i += 1) thread(`a${i}`, anna.id);
    for (let i = 0; i < 5; i += 1) thread(`closed${i}`, anna.id, true);
    for (let i = 0; i < 20; i += 1) thread(`c${i}`, chen.id);
    for (let i = 0; i < 60; i += 1) {
      const id = customerId(`cust${i}`);
      const doc = new Y.Doc();
      writer.attach(docName({ kind: 'customer', customerId: id }), doc);
      setCustomerFields(doc, { id, name: `Customer ${i}`, ownerId: userId(i < 50 ? anna.id : chen.id) }, ctx);
      customers.set(id, doc);
    }
    await whenClient(writer, () => writer.pendingCount === 0, 'setup acknowledged');

    // Anna is online while she is handed over.
    annaClient = stack.connect(anna.session);
    annaClient.on('close', (code) => annaClosed.push({ code }));
    annaClient.attach(hotName, new Y.Doc());
    await whenClient(annaClient, () => annaClient.isSynced(hotName), 'anna synced');
  }, 120_000);

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('refuses members, and a hand-over to oneself', async () => {
    const byMember = await relay.api(`/api/members/${anna.id}/hand-over`, {
      cookie: chen.cookie,
      json: { to: bo.id },
    });
    expect(byMember.status).toBe(403);
    const self = await relay.api(`/api/members/${anna.id}/hand-over`, {
      cookie: admin.cookie,
      json: { to: anna.id },
    });
    expect(self.status).toBe(400);
    expect(((await self.json()) as { error: { message: string } }).error.message).toContain('不能移交给自己');
  });

  it('[HO1] moves 200 open threads and 50 customers to Bo, nothing else, and revokes Anna', async () => {
    const response = await relay.api(`/api/members/${anna.id}/hand-over`, {
      cookie: admin.cookie,
      json: { to: bo.id },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      summary: { en: string; zh: string };
      moved: Record<string, number>;
      member: { active: boolean };
    };
    expect(body.moved).toEqual({ customers: 50, threads: 200, tasks: 0, drafts: 0, outbox: 0, skipped: 0 });
    expect(body.summary.en).toBe(
      'Anna → Bo: 50 customers, 200 open threads, 0 tasks, 0 snoozes, 0 drafts, 0 scheduled messages',
    );
    expect(body.member.active).toBe(false);

    await whenClient(
      writer,
      () =>
        [...indexRows(hot).values()].filter((row: ThreadSummary) => row.assignee === bo.id).length === 200,
      'index rows at the admin',
    );
    await whenClient(
      writer,
      () =>
        [...customers.values()].filter((doc) => customerView(doc).profile.ownerId === bo.id).length === 50,
      'customers at the admin',
    );
    for (const [id, doc] of threads) {
      const assignee = threadView(doc, Date.now())!.assignee;
      if (id.startsWith('a')) expect(assignee, id).toBe(bo.id);
      else if (id.startsWith('closed')) expect(assignee, id).toBe(anna.id);
      else expect(assignee, id).toBe(chen.id);
    }
    const owners = [...customers.values()].map((doc) => customerView(doc).profile.ownerId);
    expect(owners.filter((owner) => owner === chen.id)).toHaveLength(10);
    expect(owners.filter((owner) => owner === anna.id)).toHaveLength(0);

    await whenClient(annaClient, () => annaClosed.length > 0, 'anna disconnected');
    expect(annaClosed[0]?.code).toBe(CLOSE.REVOKED.code);
  });

  it('[CU3] the customer index follows the hand-over: moved owners in their rows', async () => {
    const owners = () => [...customerIndexRows(customerIndex).values()].map((row) => row.ownerId);
    await whenClient(
      writer,
      () => owners().filter((owner) => owner === bo.id).length === 50,
      'customer index rows at the admin',
    );
    expect(owners().filter((owner) => owner === chen.id)).toHaveLength(10);
    expect(owners()).not.toContain(anna.id);
  });
});
