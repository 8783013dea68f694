import { describe, expect, it } from 'vitest';
import { customerId, mailboxId, outboxId, taskId, threadId, userId } from '../../ids.ts';
import { planHandOver, type HandOverInput } from './plan-hand-over.ts';

const anna = userId('anna');
const bo = userId('bo');
const chen = userId('chen');
const sales = mailboxId('sales');
const annaBox = mailboxId('anna-personal');

/** Anna owns 50 of 80 customers and is assigned 200 of 300 open, pending or snoozed threads (plus 40 closed). */
function workspace(): HandOverInput {
  const owner = (i: number) => (i % 8 < 5 ? anna : i % 8 < 7 ? chen : null);
  return {
    from: anna,
    to: bo,
    members: [
      { id: anna, name: 'Anna', active: true },
      { id: bo, name: 'Bo', active: true },
      { id: chen, name: 'Chen', active: true },
    ],
    successorMailboxes: new Set([sales]),
    customers: Array.from({ length: 80 }, (_, i) => ({ id: customerId(`c${i}`), ownerId: owner(i) })),
    threads: [
      ...Array.from({ length: 300 }, (_, i) => ({
        id: threadId(`t${i}`),
        mailboxId: sales,
        assignee: i < 200 ? anna : i < 280 ? chen : null,
        status: (['open', 'pending', 'snoozed'] as const)[i % 3]!,
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        id: threadId(`closed${i}`),
        mailboxId: sales,
        assignee: anna,
        status: 'closed' as const,
      })),
    ],
    tasks: [
      { id: taskId('k1'), customerId: customerId('c0'), assignee: anna, done: false },
      { id: taskId('k2'), customerId: customerId('c0'), assignee: anna, done: true },
      { id: taskId('k3'), customerId: customerId('c5'), assignee: chen, done: false },
    ],
    snoozes: [
      { threadId: threadId('t1'), mailboxId: sales, userId: anna },
      { threadId: threadId('t250'), mailboxId: sales, userId: chen },
    ],
    drafts: [
      { threadId: threadId('t3'), mailboxId: sales, userId: anna },
      { threadId: threadId('t5'), mailboxId: sales, userId: chen },
    ],
    outbox: [
      { id: outboxId('o1'), threadId: threadId('t7'), mailboxId: sales, author: anna, status: 'scheduled' },
      {
        id: outboxId('o2'),
        threadId: threadId('p1'),
        mailboxId: annaBox,
        author: anna,
        status: 'awaiting-approval',
      },
      { id: outboxId('o3'), threadId: threadId('t8'), mailboxId: sales, author: anna, status: 'sending' },
      { id: outboxId('o4'), threadId: threadId('t9'), mailboxId: sales, author: anna, status: 'sent' },
      { id: outboxId('o5'), threadId: threadId('t9'), mailboxId: sales, author: chen, status: 'scheduled' },
      { id: outboxId('o6'), threadId: threadId('t9'), mailboxId: sales, author: anna, status: 'queued' },
    ],
  };
}

describe('planHandOver', () => {
  it("[HO1] moves all of X's customers and open work, and nothing else", () => {
    const result = planHandOver(workspace());
    if (!result.ok) throw new Error(result.error.en);
    const { plan } = result;
    expect(plan.customers).toHaveLength(50);
    expect(plan.threads).toHaveLength(200);
    expect(plan.threads.every((t) => /^t\d+$/.test(t.threadId) && Number(t.threadId.slice(1)) < 200)).toBe(
      true,
    );
    expect(plan.tasks).toEqual([{ taskId: 'k1', customerId: 'c0' }]);
    expect(plan.snoozes).toEqual([{ threadId: 't1', mailboxId: 'sales' }]);
    expect(plan.drafts).toEqual([{ threadId: 't3', mailboxId: 'sales' }]);
    expect(plan.outbox).toEqual([
      { outboxId: 'o1', threadId: 't7', mailboxId: 'sales' },
      { outboxId: 'o2', threadId: 'p1', mailboxId: 'anna-personal' },
    ]);
    expect(plan.outboxInFlight).toEqual(['o3', 'o6']);
    expect(plan.summary).toEqual({
      en: 'Anna → Bo: 50 customers, 200 open threads, 1 task, 1 snooze, 1 draft, 2 scheduled messages',
      zh: 'Anna → Bo：50 个客户，200 个未结会话，1 个任务，1 个稍后提醒，1 份草稿，2 封定时邮件',
    });
  });

  it('[HO2] warns about mailboxes the successor cannot open and mail already being sent', () => {
    const result = planHandOver(workspace());
    if (!result.ok) throw new Error(result.error.en);
    expect(result.plan.missingMailboxes).toEqual(['anna-personal']);
    expect(result.plan.warnings.map((w) => w.en)).toEqual([
      'Bo cannot open anna-personal yet: grant access before handing over',
      '2 message(s) of Anna are queued or being sent and stay as they are',
    ]);
    const admin = planHandOver({ ...workspace(), successorMailboxes: 'all' });
    expect(admin.ok && admin.plan.missingMailboxes).toEqual([]);
  });

  it('[HO3] refuses a hand-over to oneself, to an unknown or to an inactive member', () => {
    const input = workspace();
    expect(planHandOver({ ...input, to: anna })).toMatchObject({
      ok: false,
      error: { zh: '不能移交给自己' },
    });
    expect(planHandOver({ ...input, to: userId('ghost') })).toMatchObject({ ok: false });
    const inactive = input.members.map((m) => (m.id === bo ? { ...m, active: false } : m));
    expect(planHandOver({ ...input, members: inactive })).toMatchObject({
      ok: false,
      error: { en: 'Bo is not an active member' },
    });
  });

  it('plans nothing for a member without work', () => {
    const result = planHandOver({
      ...workspace(),
      from: chen,
      to: bo,
      customers: [],
      threads: [],
      tasks: [],
      snoozes: [],
      drafts: [],
      outbox: [],
    });
    expect(result.ok && result.plan.summary.en).toBe(
      'Chen → Bo: 0 customers, 0 open threads, 0 tasks, 0 snoozes, 0 drafts, 0 scheduled messages',
    );
  });
});
