import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { customerView, setCustomerFields } from '../customer-doc/customer-doc.ts';
import { candidateCustomerIds } from '../customers/customer-id.ts';
import { BRIDGE_ACTOR } from '../deps.ts';
import { customerId, mailboxId, threadId, userId, type CustomerId } from '../ids.ts';
import { indexRows } from '../index-doc/repair.ts';
import { threadView } from '../projections/thread-view.ts';
import { manualClock, messageRef, testDeps, threadStart } from '../testing/index.ts';
import { threadMaps } from '../thread/maps.ts';
import { addMessages } from '../thread/messages.ts';
import { closeAsHistory, isImportedHistory, setThreadStatus } from '../thread/triage.ts';
import type { ThreadOpContext } from '../thread/write.ts';
import { putWorkspaceRow } from '../workspace-doc/workspace-doc.ts';
import { messageSummaryFromRef } from './summary-from-ref.ts';
import { routeArrival } from './route-arrival.ts';
import { readRoutingState } from './workspace-routing.ts';

const clock = manualClock();

function world() {
  const indexes = new Map<string, Y.Doc>();
  const index = (mailbox: string, bucket: string) => {
    const key = `${mailbox}/${bucket}`;
    let doc = indexes.get(key);
    if (!doc) indexes.set(key, (doc = new Y.Doc()));
    return doc;
  };
  const ctx: ThreadOpContext = { deps: testDeps('bridge', clock), actor: BRIDGE_ACTOR, index };
  const workspace = new Y.Doc();
  for (const [id, name] of [
    ['ann', 'Ann'],
    ['ben', 'Ben'],
    ['eva', 'Eva'],
  ] as const)
    putWorkspaceRow(
      workspace,
      'members',
      { id: userId(id), name, email: `${id}@wharf.example`, role: 'member', active: true },
      ctx,
    );
  putWorkspaceRow(
    workspace,
    'teams',
    { id: 'eu', name: 'EU team', memberIds: [userId('ben'), userId('eva')] },
    ctx,
  );
  putWorkspaceRow(
    workspace,
    'routingRules',
    {
      id: 'valves-de',
      position: 1,
      name: 'German valve inquiries',
      enabled: true,
      match: 'all',
      continue: false,
      conditions: [
        { kind: 'language', languages: ['de'] },
        { kind: 'keyword', keywords: ['kugelhahn', 'ventil'], fields: ['subject', 'body'] },
      ],
      actions: [
        { kind: 'roundRobin', teamId: 'eu' },
        { kind: 'tag', tag: 'valves' },
        { kind: 'priority', priority: 'high' },
      ],
    },
    ctx,
  );
  putWorkspaceRow(
    workspace,
    'routingRules',
    {
      id: 'casino',
      position: 2,
      name: 'Spam',
      enabled: true,
      match: 'any',
      continue: false,
      conditions: [{ kind: 'keyword', keywords: ['casino'], fields: ['subject'] }],
      actions: [{ kind: 'spam' }],
    },
    ctx,
  );
  const customers = new Map<CustomerId, Y.Doc>();
  const customerDoc = (id: CustomerId) => {
    let doc = customers.get(id);
    if (!doc) customers.set(id, (doc = new Y.Doc()));
    return doc;
  };

  let n = 0;
  const arrive = (
    from: { address: string; name?: string },
    subject: string,
    text: string,
    id?: string,
    history?: { date: number },
  ) => {
    const thread = new Y.Doc();
    n += 1;
    const start = threadStart(id ?? `t${n}`, 'sales', subject);
    const ref = messageRef(`m${n}`, {
      from,
      subject,
      snippet: text.slice(0, 80),
      ...(history ? { date: history.date } : {}),
    });
    if (history) {
      // as the mail bridge imports history: the row is written once, already closed
      addMessages(thread, start, [ref], { deps: ctx.deps, actor: ctx.actor });
      closeAsHistory(thread, ctx);
    } else addMessages(thread, start, [ref], ctx);
    const candidates = new Map(candidateCustomerIds(from.address).map((cid) => [cid, customerDoc(cid)]));
    const input = {
      thread,
      threadId: start.threadId,
      mailboxId: start.mailboxId,
      workspace,
      customers: candidates,
      message: messageSummaryFromRef(ref, mailboxId('sales'), { text }),
      at: ref.date,
      openThreads: {},
      ...(history ? { history: true } : {}),
    };
    return { thread, input, result: routeArrival(input, ctx) };
  };
  return { workspace, customers, customerDoc, arrive, index, ctx };
}

const GERMAN =
  'Sehr geehrte Damen und Herren, wir benötigen ein Angebot für 500 Kugelhähne DN50 aus Edelstahl. ' +
  'Bitte teilen Sie uns die Lieferzeit und den Preis mit. Mit freundlichen Grüßen';

describe('routeArrival', () => {
  it('[RT8] records one decision with its reason, assigns through the index and logs why', () => {
    const w = world();
    const { thread, result } = w.arrive(
      { address: 'einkauf@armaturen-mueller.de', name: 'Jonas Müller' },
      'Anfrage Kugelhahn DN50',
      GERMAN,
    );
    expect(result.routed.applied).toBe(true);
    const view = threadView(thread, clock.now())!;
    expect(view.routing?.outcome).toBe('rule');
    expect(view.routing?.ruleId).toBe('valves-de');
    expect(view.routing?.reason.en).toMatch(/^rule 1: /);
    expect(view.assignee).toBe('ben');
    expect(view.tags).toEqual(['valves']);
    expect(view.priority).toBe('high');
    expect(view.spam).toBe(false);
    const routed = view.activity.filter((entry) => entry.action.type === 'routed');
    expect(routed).toHaveLength(1);
    const row = indexRows(w.index('sales', 'hot')).get('t1');
    expect(row?.assignee).toBe('ben');
  });

  it('[RT8] routing the same thread again (a restart) changes nothing and keeps the round-robin cursor', () => {
    const w = world();
    const { thread, input } = w.arrive({ address: 'a@ventile.de' }, 'Ventil Anfrage', GERMAN);
    const before = Y.encodeStateAsUpdate(thread);
    const cursor = readRoutingState(w.workspace).roundRobin;
    expect(cursor).toEqual({ eu: 'ben' });
    const again = routeArrival(input, w.ctx);
    expect(again.routed.applied).toBe(false);
    expect(again.routed.routing.assigneeId).toBe('ben');
    expect(Y.encodeStateAsUpdate(thread)).toEqual(before);
    expect(readRoutingState(w.workspace).roundRobin).toEqual({ eu: 'ben' });
    expect(customerView(w.customerDoc(customerId('d-ventile.de'))).threads).toHaveLength(1);
  });

  it('[RT9] round-robin cursors are stored in the workspace, so the next thread goes to the next member', () => {
    const w = world();
    const picks = [1, 2, 3, 4].map(
      (i) =>
        threadView(w.arrive({ address: `x${i}@firma${i}.de` }, 'Kugelhahn', GERMAN).thread, clock.now())!
          .assignee,
    );
    expect(picks).toEqual(['ben', 'eva', 'ben', 'eva']);
  });

  it('[RT7] unmatched mail stays unassigned with its reason on the thread', () => {
    const w = world();
    const { thread } = w.arrive(
      { address: 'buyer@example.com' },
      'Price list please',
      'Please send your catalogue.',
    );
    const view = threadView(thread, clock.now())!;
    expect(view.assignee).toBeNull();
    expect(view.routing).toMatchObject({ outcome: 'unassigned', assigneeId: null, ruleId: null });
    expect(view.routing?.reason.en).toBe('no rule matched: unassigned');
    expect(view.routing?.reason.zh).toBe('没有匹配的规则：未分配');
  });

  it('[RT8] spam is flagged on the thread and assigns nobody', () => {
    const w = world();
    const view = threadView(w.arrive({ address: 'win@lucky.biz' }, 'Casino bonus', 'Play now').thread, 0)!;
    expect(view).toMatchObject({
      spam: true,
      assignee: null,
      routing: { outcome: 'spam', ruleId: 'casino' },
    });
  });

  it('[CU2] a new company becomes a customer keyed by its domain, with the thread on its timeline', () => {
    const w = world();
    w.arrive({ address: 'li@acme-valves.com', name: 'Li Wei' }, 'Inquiry', 'Hello, please quote.');
    const view = customerView(w.customerDoc(customerId('d-acme-valves.com')));
    expect(view.profile).toMatchObject({
      id: 'd-acme-valves.com',
      name: 'acme-valves.com',
      domains: ['acme-valves.com'],
    });
    expect(view.contacts.map((contact) => contact.addresses)).toEqual([['li@acme-valves.com']]);
    expect(view.threads.map((ref) => ref.threadId)).toEqual(['t1']);
  });

  it('[CU2] a free-mail sender is an individual contact, never grouped by the provider domain', () => {
    const w = world();
    const { thread } = w.arrive({ address: 'Zhang.San@QQ.com', name: '张三' }, '询价', '你好，请报价。');
    expect(w.customers.has(customerId('d-qq.com'))).toBe(false);
    const view = customerView(w.customerDoc(customerId('a-zhang.san@qq.com')));
    expect(view.profile).toMatchObject({ name: '张三', domains: [] });
    expect(threadView(thread, 0)?.customerId).toBe('a-zhang.san@qq.com');
  });

  it('[RT1][CU2] a new address at an owned company goes to the owner and becomes a contact', () => {
    const w = world();
    w.arrive({ address: 'hans@armaturen-mueller.de' }, 'Hello', 'Hi there');
    const company = w.customerDoc(customerId('d-armaturen-mueller.de'));
    setCustomerFields(company, { ownerId: userId('ann') }, w.ctx);
    const { thread } = w.arrive({ address: 'petra@armaturen-mueller.de' }, 'Anfrage Kugelhahn', GERMAN);
    const view = threadView(thread, 0)!;
    expect(view.assignee).toBe('ann');
    expect(view.routing).toMatchObject({ outcome: 'owner', ruleId: null });
    expect(view.routing?.reason.en).toContain('owner of customer');
    const customer = customerView(company);
    expect(customer.contacts.flatMap((contact) => contact.addresses).sort()).toEqual([
      'hans@armaturen-mueller.de',
      'petra@armaturen-mueller.de',
    ]);
    expect(customer.threads.map((ref) => ref.threadId).sort()).toEqual(['t1', 't2']);
    // the first thread was routed by the rules before anyone owned the customer; it keeps that decision
    expect(threadMaps(thread).meta.get('routing')).toBeDefined();
  });

  it('[CU2] re-running a whole arrival creates no second customer, contact or timeline entry', () => {
    const w = world();
    const { input } = w.arrive({ address: 'li@acme-valves.com' }, 'Inquiry', 'Hello');
    routeArrival(input, w.ctx);
    routeArrival({ ...input, threadId: threadId('t1') }, w.ctx);
    const view = customerView(w.customerDoc(customerId('d-acme-valves.com')));
    expect(view.contacts).toHaveLength(1);
    expect(view.threads).toHaveLength(1);
  });
});

describe('history imported from a mailbox', () => {
  const MARCH_2024 = Date.UTC(2024, 2, 14, 9, 30);

  it('[ST4] a thread already history when first written is closed as of its newest message, into that month and never into hot', () => {
    const w = world();
    const { thread } = w.arrive({ address: 'a@ventile.de' }, 'Ventil Anfrage', GERMAN, 't-old', {
      date: MARCH_2024,
    });
    const view = threadView(thread, clock.now())!;
    expect(view.status).toBe('closed');
    expect(isImportedHistory(thread)).toBe(true);
    expect(indexRows(w.index('sales', '2024-03')).get('t-old')).toMatchObject({
      status: 'closed',
      closedAt: MARCH_2024,
    });
    expect(indexRows(w.index('sales', 'hot')).size).toBe(0);
    expect(w.index('sales', 'hot').store.clients.size).toBe(0);
    // a thread someone already triaged keeps its status
    const triaged = w.arrive({ address: 'b@ventile.de' }, 'Ventil', GERMAN).thread;
    setThreadStatus(triaged, { status: 'pending' }, w.ctx);
    expect(closeAsHistory(triaged, w.ctx)).toBe(false);
    expect(threadView(triaged, clock.now())!.status).toBe('pending');
  });

  it('[ST4] a history thread runs no rule and takes no round-robin turn; its reason says why, in both languages', () => {
    const w = world();
    const { thread, result } = w.arrive({ address: 'a@ventile.de' }, 'Ventil Anfrage', GERMAN, 't-old', {
      date: MARCH_2024,
    });
    expect(result.routed.applied).toBe(true);
    const view = threadView(thread, clock.now())!;
    expect(view).toMatchObject({ assignee: null, tags: [], priority: null, status: 'closed' });
    expect(view.routing).toMatchObject({ outcome: 'unassigned', ruleId: null });
    expect(view.routing?.reason.en).toMatch(/^imported from the mailbox's history/);
    expect(view.routing?.reason.zh).toMatch(/^从邮箱历史导入/);
    expect(readRoutingState(w.workspace).roundRobin).toEqual({});
    // still on its customer's timeline
    expect(customerView(w.customerDoc(customerId('d-ventile.de'))).threads).toHaveLength(1);
    // the next live inquiry gets the first turn
    expect(threadView(w.arrive({ address: 'b@ventile.de' }, 'Kugelhahn', GERMAN).thread, 0)!.assignee).toBe(
      'ben',
    );
  });

  it("[ST4][RT1] a history thread of an owned customer goes to the owner, and the customer's reply reopens it in hot", () => {
    const w = world();
    w.arrive({ address: 'hans@armaturen-mueller.de' }, 'Hello', 'Hi there');
    setCustomerFields(w.customerDoc(customerId('d-armaturen-mueller.de')), { ownerId: userId('ann') }, w.ctx);
    const { thread } = w.arrive({ address: 'petra@armaturen-mueller.de' }, 'Anfrage', GERMAN, 't-old', {
      date: MARCH_2024,
    });
    expect(threadView(thread, 0)).toMatchObject({
      assignee: 'ann',
      status: 'closed',
      routing: { outcome: 'owner' },
    });
    addMessages(
      thread,
      threadStart('t-old', 'sales', 'Anfrage'),
      [messageRef('m-reply', { from: { address: 'petra@armaturen-mueller.de' } })],
      w.ctx,
    );
    expect(threadView(thread, clock.now())!.status).toBe('open');
    expect(indexRows(w.index('sales', 'hot')).get('t-old')).toMatchObject({
      status: 'open',
      assignee: 'ann',
    });
    expect(indexRows(w.index('sales', '2024-03')).has('t-old')).toBe(false);
  });
});
