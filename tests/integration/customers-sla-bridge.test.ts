// Customers linked by hand and SLA alerts through the real bridge, Dovecot and relay: a gmail
// address linked by hand to a company routes to the company's owner (model SPEC [CU4]); the
// thread, two days unanswered, makes the bridge's SLA check notify the owner and escalate to the
// manager, exactly once each across repeated checks and a bridge restart (SPEC [SL4]).
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BRIDGE_ACTOR,
  counterIds,
  customerId,
  customerIndexRows,
  docName,
  indexRows,
  mailboxId,
  markNotificationRead,
  notificationsView,
  notifySla,
  putContact,
  putWorkspaceRow,
  repairCustomerRow,
  setCustomerFields,
  slaAlertsSent,
  threadId,
  userActor,
  userId,
  type ThreadSummary,
} from '@wharf/model';
import type { SyncClient } from '@wharf/sync';
import { plainMail } from '../helpers/poll.ts';
import { nextEvent, onClient, onDoc, waitUntil } from '../helpers/relay-waits.ts';
import type { TestUser } from '../helpers/relay.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const inbox = { email: 'sales@wharf.test', password: 'secret' };
const SECRET = Buffer.alloc(32, 7).toString('base64');
const DAY = 86_400_000;
const allDay = [{ start: '00:00', end: '24:00' }];

describe('customers linked by hand and SLA alerts, through the bridge', () => {
  let stack: Stack;
  let admin: TestUser;
  let ann: TestUser;
  let max: TestUser;
  let ben: TestUser;
  let setup: SyncClient;
  const hot = new Y.Doc();
  const hotName = docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' });
  const customers = new Y.Doc();
  const rows = () => [...indexRows(hot).values()] as ThreadSummary[];

  /** A member's own user doc, synced. */
  async function ownDoc(user: TestUser): Promise<Y.Doc> {
    const client = stack.connect(user.session);
    const doc = new Y.Doc();
    const name = `user/${user.id}`;
    client.attach(name, doc);
    await waitUntil(`${name} synced`, () => client.isSynced(name), onClient(client), 20_000);
    return doc;
  }

  beforeAll(async () => {
    stack = await startStack({
      users: [inbox],
      seed: (dovecot) =>
        dovecot.seed(inbox.email, 'INBOX', [
          {
            raw: plainMail(
              {
                'Message-ID': '<samples@gmail.com>',
                From: 'Hans Meier <hans.private@gmail.com>',
                Subject: 'Samples for the DN50 valves',
                // Two days unanswered: past the first-reply target and the escalation delay.
                Date: new Date(Date.now() - 2 * DAY).toUTCString(),
              },
              'Hello, could you send two samples to my home address? Hans',
            ),
          },
        ]),
      bridge: { secretKey: SECRET, start: false },
    });
    admin = await stack.relay.admin();
    ann = await stack.relay.member({ name: 'Ann', role: 'member' });
    max = await stack.relay.member({ name: 'Max', role: 'manager' });
    ben = await stack.relay.member({ name: 'Ben', role: 'member' });

    // Written into the shared docs as the web app does: the policy, the company owned by Ann,
    // Hans's private address linked to it by hand, and the company's row in the customer index.
    setup = stack.connect(admin.session);
    const workspace = new Y.Doc();
    const company = new Y.Doc();
    const companyName = docName({ kind: 'customer', customerId: customerId('d-acme.de') });
    setup.attach('workspace', workspace);
    setup.attach(companyName, company);
    setup.attach('customers', customers);
    setup.attach(hotName, hot);
    await waitUntil(
      'setup docs synced',
      () => ['workspace', companyName, 'customers'].every((name) => setup.isSynced(name)),
      onClient(setup),
      20_000,
    );
    await waitUntil(
      'members in the workspace',
      () => [ann, max, ben].every((m) => workspace.getMap('members').has(m.id)),
      onDoc(workspace),
      20_000,
    );
    const ctx = {
      deps: { now: () => Date.now(), newId: counterIds('setup') },
      actor: userActor(userId(admin.id)),
    };
    putWorkspaceRow(
      workspace,
      'slaPolicies',
      {
        id: 'first-reply',
        name: 'First reply within an hour',
        mailboxIds: [],
        firstReplyMinutes: 60,
        dueSoonMinutes: 15,
        escalateAfterMinutes: 60,
        workingHours: {
          timeZone: 'UTC',
          week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        },
      },
      ctx,
    );
    setCustomerFields(
      company,
      {
        id: customerId('d-acme.de'),
        name: 'Acme GmbH',
        company: 'Acme GmbH',
        domains: ['acme.de'],
        ownerId: userId(ann.id),
        stage: 'samples',
      },
      ctx,
    );
    putContact(
      company,
      { id: 'hans-private', name: 'Hans Meier', addresses: ['hans.private@gmail.com'] },
      ctx,
    );
    repairCustomerRow(company, customers, ctx.actor);
    await waitUntil('setup acknowledged', () => setup.pendingCount === 0, onClient(setup), 20_000);

    stack.startBridge();
    await stack.log.waitFor('synced', undefined, 30_000);
    await stack.bridge.docsWritten();
    await waitUntil(
      'the thread is routed',
      () => rows().some((r) => r.assignee !== null),
      onDoc(hot),
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('[CU4] mail from a gmail address linked by hand goes to the linked company’s owner', () => {
    const [row] = rows();
    expect(row).toMatchObject({ assignee: ann.id, customerId: 'd-acme.de' });
    // No customer of its own was created for the linked address.
    expect([...customerIndexRows(customers).keys()]).toEqual(['d-acme.de']);
  });

  it('[SL4] overdue alerts reach the assignee, escalations the manager, once each across checks and a restart', async () => {
    const [row] = rows();
    const tid = row!.threadId;
    const [annDoc, maxDoc, benDoc] = await Promise.all([ownDoc(ann), ownDoc(max), ownDoc(ben)]);

    expect(await stack.bridge.checkSla()).toBe(2);
    await waitUntil('Ann is told', () => notificationsView(annDoc).items.length === 1, onDoc(annDoc), 20_000);
    await waitUntil('Max is told', () => notificationsView(maxDoc).items.length === 1, onDoc(maxDoc), 20_000);
    expect(notificationsView(annDoc).items).toMatchObject([
      { id: `sla:overdue:sales:${tid}`, kind: 'sla', alert: 'overdue', threadId: tid, read: false },
    ]);
    expect(notificationsView(maxDoc).items).toMatchObject([
      { id: `sla:escalated:sales:${tid}`, alert: 'escalated' },
    ]);
    expect(notificationsView(benDoc).items).toEqual([]);

    // Checked again, and by a restarted bridge (which knows nothing but the thread's ledger).
    expect(await stack.bridge.checkSla()).toBe(0);
    await stack.stopBridge();
    stack.startBridge();
    expect(await stack.bridge.checkSla()).toBe(0);
    const thread = new Y.Doc();
    const threadName = docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: threadId(tid) });
    setup.attach(threadName, thread);
    await waitUntil('thread synced', () => setup.isSynced(threadName), onClient(setup), 20_000);
    expect([...slaAlertsSent(thread)].sort()).toEqual(['escalated', 'overdue']);

    // A bridge that crashed after notifying but before recording sends the same id again: Ann
    // still has one notification, and it stays read.
    const annCtx = {
      deps: { now: () => Date.now(), newId: counterIds('ann') },
      actor: userActor(userId(ann.id)),
    };
    markNotificationRead(annDoc, `sla:overdue:sales:${tid}`, annCtx);
    const service = stack.connect(await stack.relay.serviceToken('sla-replay'));
    const replay = new Y.Doc();
    service.attach(`user/${ann.id}`, replay);
    notifySla(
      replay,
      { alert: 'overdue', mailboxId: mailboxId('sales'), threadId: threadId(tid), dueAt: row!.receivedAt! },
      { deps: { now: () => Date.now(), newId: counterIds('replay') }, actor: BRIDGE_ACTOR },
    );
    await waitUntil('replay acknowledged', () => service.pendingCount === 0, onClient(service), 20_000);
    await waitUntil(
      'the replay reached Ann',
      () => Y.decodeStateVector(Y.encodeStateVector(annDoc)).has(replay.clientID),
      onDoc(annDoc),
    );
    expect(notificationsView(annDoc).items.map((n) => [n.id, n.read])).toEqual([
      [`sla:overdue:sales:${tid}`, true],
    ]);
  });

  it('[SL4] a member may not post SLA alerts into a colleague’s doc', async () => {
    const client = stack.connect(ben.session);
    const forged = new Y.Doc();
    client.attach(`user/${ann.id}`, forged);
    const rejected = nextEvent(client, 'rejected', (doc) => doc === `user/${ann.id}`, 20_000);
    notifySla(
      forged,
      { alert: 'overdue', mailboxId: mailboxId('sales'), threadId: threadId('t-forged'), dueAt: 0 },
      { deps: { now: () => Date.now(), newId: counterIds('ben') }, actor: userActor(userId(ben.id)) },
    );
    const [, , reason] = await rejected;
    expect(String(reason)).toMatch(/not a mention/);
  });
});
