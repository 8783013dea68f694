import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BRIDGE_ACTOR } from '../../deps.ts';
import { mailboxId, threadId, userId, type MailboxId, type ThreadId } from '../../ids.ts';
import { notificationsView } from '../../projections/notifications-view.ts';
import { manualClock, testDeps } from '../../testing/index.ts';
import { notifySla } from '../../user/user-doc.ts';
import { planSlaNotifications, rowSlaStatus, type SlaPlanInput } from './plan-sla-notifications.ts';
import { recordSlaAlerts, slaAlertsSent } from './sla-ledger.ts';

const MIN = 60_000;
const spans = [{ start: '00:00', end: '24:00' }];
const allWeek = { mon: spans, tue: spans, wed: spans, thu: spans, fri: spans, sat: spans, sun: spans };
const policy = {
  id: 'p1',
  name: 'Sales 2h',
  mailboxIds: ['sales'],
  firstReplyMinutes: 120,
  dueSoonMinutes: 30,
  escalateAfterMinutes: 60,
  workingHours: { timeZone: 'UTC', week: allWeek },
};
const members = [
  { id: userId('ann'), role: 'member' as const, active: true },
  { id: userId('max'), role: 'manager' as const, active: true },
  { id: userId('old'), role: 'manager' as const, active: false },
  { id: userId('root'), role: 'admin' as const, active: true },
];

function row(id: string, receivedAt: number, overrides: Record<string, unknown> = {}) {
  return {
    mailboxId: mailboxId('sales'),
    threadId: threadId(id),
    subject: `RFQ ${id}`,
    assignee: userId('ann'),
    status: 'open' as const,
    receivedAt,
    firstReplyAt: null,
    ...overrides,
  };
}

describe('SLA notifications', () => {
  it('[SL4] each alert is planned until the thread’s ledger records it, then never again', () => {
    const clock = manualClock();
    const start = clock.now();
    const thread = new Y.Doc();
    const ctx = { deps: testDeps('bridge', clock), actor: BRIDGE_ACTOR };
    const input = (): SlaPlanInput => ({
      rows: [row('t1', start)],
      policies: [policy],
      members,
      now: clock.now(),
      sent: () => slaAlertsSent(thread),
    });
    const tick = () => {
      const plans = planSlaNotifications(input());
      recordSlaAlerts(
        thread,
        plans.map((p) => p.kind),
        ctx,
      );
      return plans.map((p) => `${p.kind}→${p.recipients.join(',')}`);
    };
    expect(tick()).toEqual([]);
    clock.advance(95 * MIN);
    expect(tick()).toEqual(['due-soon→ann']);
    expect(tick()).toEqual([]);
    clock.advance(25 * MIN);
    expect(tick()).toEqual(['overdue→ann']);
    clock.advance(59 * MIN);
    expect(tick()).toEqual([]);
    clock.advance(MIN);
    expect(tick()).toEqual(['escalated→max']);
    clock.advance(24 * 60 * MIN);
    expect(tick()).toEqual([]);
  });

  it('[SL4] a restart between notifying and recording repeats the same notification id: one row', () => {
    const clock = manualClock();
    const plans = planSlaNotifications({
      rows: [row('t1', clock.now() - 200 * MIN)],
      policies: [policy],
      members,
      now: clock.now(),
      sent: () => undefined,
    });
    expect(plans.map((p) => p.kind)).toEqual(['overdue', 'escalated']);
    const annsDoc = new Y.Doc();
    for (let run = 0; run < 2; run += 1) {
      // Each run is a fresh bridge process: a fresh append-only doc, as over the relay.
      const fresh = new Y.Doc();
      const ctx = { deps: testDeps(`bridge-${run}`, clock), actor: BRIDGE_ACTOR };
      for (const plan of plans.filter((p) => p.recipients.includes(userId('ann'))))
        notifySla(
          fresh,
          { alert: plan.kind, mailboxId: plan.mailboxId, threadId: plan.threadId, dueAt: plan.dueAt },
          ctx,
        );
      Y.applyUpdate(annsDoc, Y.encodeStateAsUpdate(fresh));
      clock.advance(MIN);
    }
    expect(notificationsView(annsDoc).items.map((n) => n.id)).toEqual(['sla:overdue:sales:t1']);
  });

  it('[SL3] escalates to admins when there is no manager; unassigned, replied, closed and uncovered threads', () => {
    const clock = manualClock();
    const old = clock.now() - 300 * MIN;
    const sent = (_m: MailboxId, _t: ThreadId) => undefined;
    const plans = planSlaNotifications({
      rows: [
        row('unassigned', old, { assignee: null }),
        row('replied', old, { firstReplyAt: old + 10 * MIN }),
        row('closed', old, { status: 'closed' }),
        row('info', old, { mailboxId: mailboxId('info') }),
      ],
      policies: [policy],
      members: members.filter((m) => m.role !== 'manager'),
      now: clock.now(),
      sent,
    });
    expect(plans.map((p) => `${p.threadId}:${p.kind}→${p.recipients.join(',')}`)).toEqual([
      'unassigned:overdue→',
      'unassigned:escalated→root',
    ]);
  });

  it('[SL4] overdue rows are marked by their status against the policy', () => {
    const clock = manualClock();
    expect(rowSlaStatus(row('t', clock.now() - 121 * MIN), [policy], clock.now())).toBe('overdue');
    expect(rowSlaStatus(row('t', clock.now() - 100 * MIN), [policy], clock.now())).toBe('due-soon');
    expect(rowSlaStatus(row('t', clock.now()), [policy], clock.now())).toBe('ok');
    expect(
      rowSlaStatus(row('t', clock.now(), { firstReplyAt: clock.now() }), [policy], clock.now()),
    ).toBeNull();
    expect(
      rowSlaStatus(row('t', clock.now(), { mailboxId: mailboxId('info') }), [policy], clock.now()),
    ).toBeNull();
  });

  it('[SL4] rows written before receivedAt existed are neither alerted nor marked', () => {
    const clock = manualClock();
    const old = { ...row('legacy', 0) } as Record<string, unknown>;
    delete old.receivedAt;
    const legacy = old as unknown as ReturnType<typeof row>;
    expect(
      planSlaNotifications({
        rows: [legacy],
        policies: [policy],
        members,
        now: clock.now(),
        sent: () => undefined,
      }),
    ).toEqual([]);
    expect(rowSlaStatus(legacy, [policy], clock.now())).toBeNull();
  });
});
