// Routing through the real bridge, Dovecot and relay: a manager's rules, teams and an owned
// customer live in the shared docs; mail arrives in Dovecot; the bridge writes each new thread
// and routes it once, recording why — also when it restarts and replays its writes.
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  counterIds,
  customerId,
  customerView,
  docName,
  indexRows,
  mailboxId,
  putContact,
  putWorkspaceRow,
  readRoutingState,
  setCustomerFields,
  threadView,
  userActor,
  userId,
  type ThreadSummary,
} from '@wharf/model';
import type { SyncClient } from '@wharf/sync';
import { plainMail } from '../helpers/poll.ts';
import type { TestRelay, TestUser } from '../helpers/relay.ts';
import { onClient, onDoc, waitUntil } from '../helpers/relay-waits.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const inbox = { email: 'sales@wharf.test', password: 'secret' };
const SECRET = Buffer.alloc(32, 5).toString('base64');
const mail = plainMail;
const subject = (text: string) => `=?utf-8?B?${Buffer.from(text).toString('base64')}?=`;

const GERMAN_VALVES =
  'Sehr geehrte Damen und Herren,\r\n\r\nwir benötigen ein Angebot für 500 Kugelhähne DN50 aus Edelstahl ' +
  'sowie 200 Ventile für unsere Anlage in Hamburg. Bitte teilen Sie uns die Lieferzeit und den Preis ' +
  'mit.\r\n\r\nMit freundlichen Grüßen\r\nKlaus Becker';

const seed = [
  // A new address at a company Ann owns: ownership beats the valve rule (防撞单).
  mail(
    {
      'Message-ID': '<owned@armaturen-mueller.de>',
      From: 'Petra Schmidt <petra@armaturen-mueller.de>',
      Subject: subject('Anfrage Kugelhahn DN80'),
      Date: 'Mon, 23 Nov 2026 08:00:00 +0000',
    },
    GERMAN_VALVES,
  ),
  mail(
    {
      'Message-ID': '<valves@becker-anlagenbau.de>',
      From: 'Klaus Becker <k.becker@becker-anlagenbau.de>',
      Subject: subject('Anfrage: Kugelhähne und Ventile'),
      Date: 'Mon, 23 Nov 2026 09:00:00 +0000',
    },
    GERMAN_VALVES,
  ),
  mail(
    {
      'Message-ID': '<hello@example-buyer.com>',
      From: 'Mary <mary@example-buyer.com>',
      Subject: 'Catalogue request',
      Date: 'Mon, 23 Nov 2026 10:00:00 +0000',
    },
    'Hello, could you send us your latest catalogue and price list? Thank you.',
  ),
];

// The mailbox's past: received long before the bridge first sees it (the Maildir file's time is the
// IMAP INTERNALDATE). One more message claims an old date but was received now: a sender's clock.
const MARCH_2024 = new Date(Date.UTC(2024, 2, 14, 9, 30));
const MAY_2024 = new Date(Date.UTC(2024, 4, 6, 7, 0));
const history = [
  {
    raw: mail(
      {
        'Message-ID': '<old-valves@schulz-armaturen.de>',
        From: 'Uwe Schulz <einkauf@schulz-armaturen.de>',
        Subject: subject('Alte Anfrage: Kugelhähne'),
        Date: MARCH_2024.toUTCString(),
      },
      GERMAN_VALVES,
    ),
    received: MARCH_2024,
  },
  {
    raw: mail(
      {
        'Message-ID': '<old-order@armaturen-mueller.de>',
        From: 'Hans Müller <hans@armaturen-mueller.de>',
        Subject: 'Order 2024-17',
        Date: MAY_2024.toUTCString(),
      },
      'Please find our order attached.',
    ),
    received: MAY_2024,
  },
  {
    raw: mail(
      {
        'Message-ID': '<wrong-clock@pump-buyer.com>',
        From: 'Li <li@pump-buyer.com>',
        Subject: 'Pump inquiry',
        Date: 'Mon, 01 Jan 2024 08:00:00 +0000',
      },
      'Please quote 20 pumps.',
    ),
  },
];

const whenDoc = (doc: Y.Doc, ready: () => boolean, what: string) =>
  waitUntil(what, ready, onDoc(doc), 20_000);
const whenClient = (client: SyncClient, ready: () => boolean, what: string) =>
  waitUntil(what, ready, onClient(client), 20_000);

describe('routing new threads in the bridge', () => {
  let stack: Stack;
  let relay: TestRelay;
  let admin: TestUser;
  let ann: TestUser;
  let ben: TestUser;
  let eva: TestUser;
  let manager: SyncClient;
  const hot = new Y.Doc();
  const workspace = new Y.Doc();
  const company = new Y.Doc();
  const hotName = docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' });
  const companyName = docName({ kind: 'customer', customerId: customerId('d-armaturen-mueller.de') });
  const rows = () => [...indexRows(hot).values()] as ThreadSummary[];
  const row = (prefix: string) => rows().find((r) => r.subject.startsWith(prefix))!;

  const openThread = async (threadId: string) => {
    const name = docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: threadId as never });
    const doc = new Y.Doc();
    manager.attach(name, doc);
    await whenClient(manager, () => manager.isSynced(name), `${name} synced`);
    const view = threadView(doc, Date.now())!;
    manager.detach(name);
    return view;
  };

  beforeAll(async () => {
    // the bridge starts once the manager's setup is in the docs
    stack = await startStack({
      users: [inbox],
      seed: (dovecot) => dovecot.seed(inbox.email, 'INBOX', [...seed.map((raw) => ({ raw })), ...history]),
      bridge: { secretKey: SECRET, start: false },
    });
    relay = stack.relay;
    admin = await relay.admin();
    ann = await relay.member({ name: 'Ann', role: 'member' });
    ben = await relay.member({ name: 'Ben', role: 'member' });
    eva = await relay.member({ name: 'Eva', role: 'member' });

    // The manager's setup, written into the shared docs as the web app would.
    manager = stack.connect(admin.session);
    manager.attach('workspace', workspace);
    manager.attach(companyName, company);
    manager.attach(hotName, hot);
    await whenClient(
      manager,
      () => manager.isSynced('workspace') && manager.isSynced(companyName),
      'manager synced',
    );
    await whenDoc(
      workspace,
      () => [ann, ben, eva].every((m) => workspace.getMap('members').has(m.id)),
      'members in the workspace',
    );
    const ctx = {
      deps: { now: () => Date.now(), newId: counterIds('manager') },
      actor: userActor(userId(admin.id)),
    };
    putWorkspaceRow(
      workspace,
      'teams',
      { id: 'eu', name: 'EU team', memberIds: [userId(ben.id), userId(eva.id)] },
      ctx,
    );
    putWorkspaceRow(
      workspace,
      'routingRules',
      {
        id: 'valves-de',
        position: 1,
        name: 'Deutsche Ventil-Anfragen',
        enabled: true,
        match: 'all',
        continue: false,
        conditions: [
          { kind: 'language', languages: ['de'] },
          { kind: 'keyword', keywords: ['Kugelhahn', 'Kugelhähne', 'Ventil'], fields: ['subject', 'body'] },
        ],
        actions: [
          { kind: 'roundRobin', teamId: 'eu' },
          { kind: 'tag', tag: 'valves' },
        ],
      },
      ctx,
    );
    setCustomerFields(
      company,
      {
        id: customerId('d-armaturen-mueller.de'),
        name: 'Armaturen Müller GmbH',
        company: 'Armaturen Müller GmbH',
        domains: ['armaturen-mueller.de'],
        ownerId: userId(ann.id),
      },
      ctx,
    );
    putContact(company, { id: 'hans', name: 'Hans Müller', addresses: ['hans@armaturen-mueller.de'] }, ctx);
    await whenClient(manager, () => manager.pendingCount === 0, 'setup acknowledged');

    stack.startBridge();
    await stack.log.waitFor('synced', undefined, 30_000);
    await stack.bridge.docsWritten();
    await whenDoc(hot, () => rows().length === 4, 'four index rows at the manager');
    await whenDoc(
      hot,
      () => rows().filter((r) => r.customerId !== null).length === 4,
      'rows linked to customers',
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('[RT1] mail from a new address at an owned company goes to the owner, ahead of the valve rule', async () => {
    const owned = row('Anfrage Kugelhahn DN80');
    expect(owned.assignee).toBe(ann.id);
    expect(owned.customerId).toBe('d-armaturen-mueller.de');
    const view = await openThread(owned.threadId);
    expect(view.routing).toMatchObject({ outcome: 'owner', assigneeId: ann.id, ruleId: null });
    expect(view.routing?.reason.en).toBe('owner of customer Armaturen Müller GmbH');
    expect(view.routing?.reason.zh).toBe('客户 Armaturen Müller GmbH 的负责人');
    await whenDoc(
      company,
      () => customerView(company).contacts.some((c) => c.addresses.includes('petra@armaturen-mueller.de')),
      'the new address is a contact of the company',
    );
    // its timeline: this thread, and the old order imported as history (closed, see [ST4])
    expect(
      customerView(company)
        .threads.map((t) => t.subject)
        .sort(),
    ).toEqual(['Anfrage Kugelhahn DN80', 'Order 2024-17']);
    expect(customerView(company).threads.map((t) => t.threadId)).toContain(owned.threadId);
  });

  it('[RT2] a German inquiry about valves goes to the EU team by the language and keyword rule', async () => {
    const valves = row('Anfrage: Kugelhähne');
    expect([ben.id, eva.id]).toContain(valves.assignee);
    expect(valves.tags).toEqual(['valves']);
    expect(valves.customerId).toBe('d-becker-anlagenbau.de');
    const view = await openThread(valves.threadId);
    expect(view.routing).toMatchObject({ outcome: 'rule', ruleId: 'valves-de', assigneeId: valves.assignee });
    expect(view.routing?.reason.en).toMatch(/^rule 1: /);
    expect(view.routing?.reason.en).toContain('German');
    expect(view.activity.filter((e) => e.action.type === 'routed')).toHaveLength(1);
    expect(readRoutingState(workspace).roundRobin).toEqual({ eu: valves.assignee });
  });

  it('[RT7] unmatched mail lands unassigned, and the thread says why', async () => {
    const other = row('Catalogue request');
    expect(other.assignee).toBeNull();
    expect(other.customerId).toBe('d-example-buyer.com');
    const view = await openThread(other.threadId);
    expect(view.routing).toMatchObject({ outcome: 'unassigned', assigneeId: null });
    expect(view.routing?.reason).toEqual({ en: 'no rule matched: unassigned', zh: '没有匹配的规则：未分配' });
  });

  it("[ST4] mail that was already old when imported is closed in its month's bucket, routed to an owner only, and reopens in hot on a reply", async () => {
    const month = async (bucket: string) => {
      const doc = new Y.Doc();
      const name = docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket });
      manager.attach(name, doc);
      await whenClient(manager, () => manager.isSynced(name), `${name} synced`);
      return { doc, rows: () => [...indexRows(doc).values()] as ThreadSummary[] };
    };
    const march = await month('2024-03');
    const may = await month('2024-05');
    const valves = march.rows().find((r) => r.subject.startsWith('Alte Anfrage'))!;
    // the valve rule would match it: history runs no rule and takes no round-robin turn
    expect(valves).toMatchObject({
      status: 'closed',
      closedAt: MARCH_2024.getTime(),
      assignee: null,
      tags: [],
    });
    expect(valves.customerId).toBe('d-schulz-armaturen.de');
    const view = await openThread(valves.threadId);
    expect(view.routing).toMatchObject({ outcome: 'unassigned', ruleId: null });
    expect(view.routing?.reason.en).toMatch(/^imported from the mailbox's history/);
    expect(view.routing?.reason.zh).toMatch(/^从邮箱历史导入/);
    expect(Object.values(readRoutingState(workspace).roundRobin)).toHaveLength(1);
    // an owned customer's old thread goes to the owner, closed
    expect(may.rows()).toEqual([
      expect.objectContaining({ subject: 'Order 2024-17', status: 'closed', assignee: ann.id }),
    ]);
    // the Date header is the sender's word: received now, it is open work
    expect(row('Pump inquiry')).toMatchObject({ status: 'open' });
    expect(rows().some((r) => r.threadId === valves.threadId)).toBe(false);

    // the customer writes again: the old thread is open in hot, still routed only once
    await stack.dovecot.append(
      inbox,
      'INBOX',
      mail(
        {
          'Message-ID': '<old-valves-again@schulz-armaturen.de>',
          'In-Reply-To': '<old-valves@schulz-armaturen.de>',
          From: 'Uwe Schulz <einkauf@schulz-armaturen.de>',
          Subject: subject('Re: Alte Anfrage: Kugelhähne'),
          Date: new Date().toUTCString(),
        },
        'Ist das Angebot noch gültig?',
      ),
    );
    await whenDoc(
      hot,
      () => rows().some((r) => r.threadId === valves.threadId && r.status === 'open'),
      'the reopened thread in hot',
    );
    await whenDoc(march.doc, () => march.rows().length === 0, 'the row gone from its month');
    const reopened = await openThread(valves.threadId);
    expect(reopened.activity.filter((e) => e.action.type === 'routed')).toHaveLength(1);
  });

  it('[RT8] a bridge that restarts and replays its writes routes no thread a second time', async () => {
    const before = rows().map((r) => [r.threadId, r.assignee]);
    const cursor = readRoutingState(workspace).roundRobin;
    await stack.stopBridge();
    const db = new DatabaseSync(join(stack.dataDir, 'bridge.sqlite'));
    db.exec('UPDATE messages SET written_to_docs = 0');
    db.close();
    await stack.startBridge().docsWritten();
    expect(stack.bridge.store.pendingDocWrites(10)).toEqual([]);
    const { bridgeClient } = stack;
    await whenClient(bridgeClient, () => bridgeClient.pendingCount === 0, 'bridge quiet');
    expect(rows().map((r) => [r.threadId, r.assignee])).toEqual(before);
    expect(readRoutingState(workspace).roundRobin).toEqual(cursor);
    for (const r of rows()) {
      const view = await openThread(r.threadId);
      expect(view.activity.filter((e) => e.action.type === 'routed')).toHaveLength(1);
    }
  });
});
