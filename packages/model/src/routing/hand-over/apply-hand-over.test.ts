import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCustomerTask,
  customerMaps,
  customerView,
  setCustomerFields,
} from '../../customer-doc/customer-doc.ts';
import { customerId, mailboxId, threadId, userId, type CustomerId } from '../../ids.ts';
import { indexRows } from '../../index-doc/repair.ts';
import { threadView } from '../../projections/thread-view.ts';
import { manualClock, messageRef, testDeps, threadStart, userContext } from '../../testing/index.ts';
import { addMessages } from '../../thread/messages.ts';
import { advanceOutbox, queueOutbox, saveDraft } from '../../thread/outbox.ts';
import { editOutbox, recordApproval } from '../../thread/outbox-phase.ts';
import { entryRevision } from '../../thread/outbox-state.ts';
import { assignThread, setThreadStatus } from '../../thread/triage.ts';
import type { ThreadOpContext } from '../../thread/write.ts';
import { userActor } from '../../deps.ts';
import { applyHandOver } from './apply-hand-over.ts';
import { planHandOver, type HandOverInput } from './plan-hand-over.ts';

const clock = manualClock();
const anna = userId('anna');
const bo = userId('bo');
const chen = userId('chen');
const sales = mailboxId('sales');

/** Anna: 200 open threads, 30 closed ones, 50 customers, 2 tasks (one done), a draft. Chen: the rest. */
function world() {
  const hot = new Y.Doc();
  const months = new Map<string, Y.Doc>();
  const index = (_mailbox: string, bucket: string) => {
    if (bucket === 'hot') return hot;
    let doc = months.get(bucket);
    if (!doc) months.set(bucket, (doc = new Y.Doc()));
    return doc;
  };
  const admin: ThreadOpContext = { deps: testDeps('admin', clock), actor: userActor(userId('admin')), index };
  const threads = new Map<string, Y.Doc>();
  const thread = (id: string, assignee: typeof anna | null, closed = false) => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(id, 'sales', `subject ${id}`), [messageRef(`m-${id}`)], admin);
    if (assignee) assignThread(doc, assignee, admin);
    if (closed) setThreadStatus(doc, { status: 'closed' }, admin);
    threads.set(id, doc);
  };
  for (let i = 0; i < 200; i += 1) thread(`a${i}`, anna);
  for (let i = 0; i < 30; i += 1) thread(`ac${i}`, anna, true);
  for (let i = 0; i < 70; i += 1) thread(`c${i}`, i < 50 ? chen : null);
  saveDraft(
    threads.get('a0')!,
    { to: [], cc: [], subject: 'Re', body: '报价如下' },
    userContext('anna', clock),
  );
  saveDraft(threads.get('c0')!, { to: [], cc: [], subject: 'Re', body: 'Chen' }, userContext('chen', clock));

  const customers = new Map<CustomerId, Y.Doc>();
  for (let i = 0; i < 80; i += 1) {
    const doc = new Y.Doc();
    const id = customerId(`cust${i}`);
    setCustomerFields(
      doc,
      { id, name: `Customer ${i}`, ownerId: i < 50 ? anna : i < 70 ? chen : null },
      admin,
    );
    customers.set(id, doc);
  }
  const annaTask = addCustomerTask(
    customers.get(customerId('cust0'))!,
    { title: 'Call', assignee: anna },
    admin,
  );
  addCustomerTask(customers.get(customerId('cust1'))!, { title: 'Chen calls', assignee: chen }, admin);
  return { threads, customers, hot, index, admin, annaTask };
}

function inputFrom(w: ReturnType<typeof world>): HandOverInput {
  return {
    from: anna,
    to: bo,
    members: [
      { id: anna, name: 'Anna', active: true },
      { id: bo, name: 'Bo', active: true },
      { id: chen, name: 'Chen', active: true },
    ],
    successorMailboxes: 'all',
    customers: [...w.customers.values()].map((doc) => {
      const { profile } = customerView(doc);
      return { id: profile.id!, ownerId: profile.ownerId ?? null };
    }),
    threads: [...w.threads.entries()].map(([id, doc]) => {
      const view = threadView(doc, clock.now())!;
      return { id: threadId(id), mailboxId: sales, assignee: view.assignee, status: view.status };
    }),
    tasks: [...w.customers.values()].flatMap((doc) =>
      customerView(doc).tasks.map((task) => ({
        id: task.id,
        customerId: customerView(doc).profile.id!,
        assignee: task.assignee,
        done: task.done,
      })),
    ),
    snoozes: [],
    drafts: [...w.threads.entries()].flatMap(([id, doc]) =>
      threadView(doc, clock.now())!.drafts.map((draft) => ({
        threadId: threadId(id),
        mailboxId: sales,
        userId: draft.userId,
      })),
    ),
    outbox: [],
  };
}

describe('applyHandOver', () => {
  it('[HO1][HO4] moves 200 open threads, 50 customers, the open task and the draft, and nothing else', () => {
    const w = world();
    const result = planHandOver(inputFrom(w));
    if (!result.ok) throw new Error(result.error.en);
    expect(result.plan.threads).toHaveLength(200);
    expect(result.plan.customers).toHaveLength(50);

    const untouched = [...w.threads.entries()]
      .filter(([id]) => !/^a\d/.test(id))
      .concat([...w.customers.entries()].filter(([id]) => Number(id.slice(4)) >= 50 && id !== 'cust1'))
      .map(([id, doc]) => [id, Y.encodeStateVector(doc)] as const);

    const applied = applyHandOver(
      result.plan,
      { customer: (id) => w.customers.get(id), thread: (_m, id) => w.threads.get(id) },
      w.admin,
    );
    expect(applied).toEqual({ customers: 50, threads: 200, tasks: 1, drafts: 1, outbox: 0, skipped: 0 });

    for (const [id, doc] of w.threads) {
      const view = threadView(doc, clock.now())!;
      if (/^a\d/.test(id)) expect(view.assignee, id).toBe(bo);
      else if (id.startsWith('ac')) expect(view.assignee, id).toBe(anna);
    }
    const hotRows = [...indexRows(w.hot).values()];
    expect(hotRows.filter((row) => row.assignee === bo)).toHaveLength(200);
    expect(hotRows.filter((row) => row.assignee === anna)).toHaveLength(0);
    expect(hotRows.filter((row) => row.assignee === chen)).toHaveLength(50);

    const owners = [...w.customers.values()].map((doc) => customerView(doc).profile.ownerId);
    expect(owners.filter((owner) => owner === bo)).toHaveLength(50);
    expect(owners.filter((owner) => owner === anna)).toHaveLength(0);
    expect(owners.filter((owner) => owner === chen)).toHaveLength(20);
    const moved = customerView(w.customers.get(customerId('cust7'))!);
    expect(moved.events).toMatchObject([{ type: 'owner-changed', from: anna, to: bo }]);
    const event = moved.events[0];
    expect(event?.type === 'owner-changed' ? event.note?.en : undefined).toContain(
      'Anna → Bo: 50 customers, 200 open threads',
    );

    expect(customerMaps(w.customers.get(customerId('cust0'))!).tasks.get(w.annaTask.id)?.assignee).toBe(bo);
    expect(customerView(w.customers.get(customerId('cust1'))!).tasks[0]?.assignee).toBe(chen);
    expect(threadView(w.threads.get('a0')!, 0)!.drafts.map((d) => [d.userId, d.body])).toEqual([
      ['bo', '报价如下'],
    ]);
    expect(threadView(w.threads.get('c0')!, 0)!.drafts.map((d) => d.userId)).toEqual(['chen']);

    for (const [id, vector] of untouched) {
      const doc = w.threads.get(id) ?? w.customers.get(id as CustomerId)!;
      expect(Y.encodeStateVector(doc), id).toEqual(vector);
    }
  });

  it('[HO4] leaves alone what changed hands after the plan was made', () => {
    const w = world();
    const result = planHandOver(inputFrom(w));
    if (!result.ok) throw new Error(result.error.en);
    assignThread(w.threads.get('a1')!, chen, userContext('chen', clock));
    setCustomerFields(w.customers.get(customerId('cust2'))!, { ownerId: chen }, w.admin);
    const applied = applyHandOver(
      result.plan,
      { customer: (id) => w.customers.get(id), thread: (_m, id) => w.threads.get(id) },
      w.admin,
    );
    expect(applied).toMatchObject({ threads: 199, customers: 49, skipped: 2 });
    expect(threadView(w.threads.get('a1')!, 0)!.assignee).toBe(chen);
    expect(customerView(w.customers.get(customerId('cust2'))!).profile.ownerId).toBe(chen);
  });

  it("[HO5] the leaver's scheduled, awaiting-approval and rejected mail moves with its approval; due and sending mail stays", () => {
    const w = world();
    const doc = w.threads.get('a2')!;
    const annaCtx = userContext('anna', clock);
    const mail = {
      to: [{ address: 'buyer@buyer.example' }],
      cc: [],
      subject: 'Re',
      messageIdDomain: 'wharf.test',
    };
    const later = clock.now() + 3_600_000;
    const scheduled = queueOutbox(doc, { ...mail, body: 'later', sendAt: later }, annaCtx);
    const approved = queueOutbox(
      doc,
      { ...mail, body: 'final contract', sendAt: later, approvalReasons: [{ en: 'x', zh: 'x' }] },
      annaCtx,
    );
    recordApproval(
      doc,
      { outboxId: approved.id, revision: entryRevision(approved), decision: 'approved', by: userId('boss') },
      w.admin,
    );
    const due = queueOutbox(doc, { ...mail, body: 'now' }, annaCtx);
    const sending = queueOutbox(doc, { ...mail, body: 'on the wire' }, annaCtx);
    advanceOutbox(doc, sending.id, 'sending', w.admin);
    const input = inputFrom(w);
    const withOutbox: HandOverInput = {
      ...input,
      outbox: threadView(doc, clock.now())!.outbox.map((entry) => ({
        id: entry.id,
        threadId: threadId('a2'),
        mailboxId: sales,
        author: entry.author,
        status: entry.phase,
      })),
    };
    const result = planHandOver(withOutbox);
    if (!result.ok) throw new Error(result.error.en);
    expect(result.plan.outbox.map((o) => o.outboxId)).toEqual([scheduled.id, approved.id]);
    expect(result.plan.outboxInFlight).toEqual([due.id, sending.id]);
    applyHandOver(
      result.plan,
      { customer: (id) => w.customers.get(id), thread: (_m, id) => w.threads.get(id) },
      w.admin,
    );
    const byId = new Map(threadView(doc, clock.now())!.outbox.map((entry) => [entry.id, entry]));
    expect(byId.get(scheduled.id)).toMatchObject({ author: bo, phase: 'scheduled' });
    expect(byId.get(approved.id)).toMatchObject({ author: bo, phase: 'scheduled' });
    expect(byId.get(due.id)?.author).toBe(anna);
    // the successor may now change the moved mail; the leaver no longer may
    expect(editOutbox(doc, scheduled.id, { body: 'Bo here' }, userContext('bo', clock))).toBe(true);
    expect(editOutbox(doc, approved.id, { body: 'x' }, annaCtx)).toBe(false);
  });
});
