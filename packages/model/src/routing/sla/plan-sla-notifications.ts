// Pure: which SLA notifications to send now, for the rows of the inbox (SPEC [SL3], [SL4]). The
// caller (the mail bridge's periodic check) gives the rows, the workspace's policies and members,
// the clock, and what each thread's ledger says was sent; it gets who to tell about what.
import type { MailboxId, ThreadId, UserId } from '../../ids.ts';
import type { ThreadSummary } from '../../index-doc/summary.ts';
import type { Member } from '../../workspace-doc/workspace-doc.ts';
import { slaAlerts, type SlaAlertKind } from './sla-alerts.ts';
import { slaPolicyFor } from './sla-policy-rows.ts';
import { slaState, type SlaStatus } from './sla-state.ts';

export interface SlaNotificationPlan {
  readonly mailboxId: MailboxId;
  readonly threadId: ThreadId;
  readonly kind: SlaAlertKind;
  readonly dueAt: number;
  /** Empty when there is nobody to tell (an unassigned thread's own alerts): still recorded. */
  readonly recipients: readonly UserId[];
}

type Row = Pick<
  ThreadSummary,
  'mailboxId' | 'threadId' | 'subject' | 'assignee' | 'status' | 'receivedAt' | 'firstReplyAt'
>;

export interface SlaPlanInput {
  readonly rows: Iterable<Row>;
  readonly policies: Iterable<unknown>;
  readonly members: readonly Pick<Member, 'id' | 'role' | 'active'>[];
  readonly now: number;
  /** Alerts already recorded for the thread (its ledger); undefined when not known yet. */
  readonly sent: (mailboxId: MailboxId, threadId: ThreadId) => ReadonlySet<SlaAlertKind> | undefined;
}

/**
 * Escalations go to the workspace's active managers, or to its admins when it has no manager.
 * An unassigned thread's own alerts have no recipient (the Unassigned view already shows it).
 */
export function planSlaNotifications(input: SlaPlanInput): SlaNotificationPlan[] {
  const active = input.members.filter((member) => member.active);
  const managers = active.filter((member) => member.role === 'manager');
  const escalateTo = (managers.length > 0 ? managers : active.filter((m) => m.role === 'admin')).map(
    (m) => m.id,
  );
  const policies = [...input.policies];
  const plans: SlaNotificationPlan[] = [];
  for (const row of input.rows) {
    // Rows written before `receivedAt` existed lack it: no clock to judge them by.
    if (row.status === 'closed' || typeof row.receivedAt !== 'number' || row.firstReplyAt !== null) continue;
    const policy = slaPolicyFor(row.mailboxId, policies);
    if (!policy) continue;
    const thread = { receivedAt: row.receivedAt, firstReplyAt: row.firstReplyAt, subject: row.subject };
    const sent = input.sent(row.mailboxId, row.threadId) ?? new Set();
    const alerts = slaAlerts(thread, policy, input.now, policy.workingHours, sent);
    if (alerts.length === 0) continue;
    const { dueAt } = slaState(thread, policy, input.now, policy.workingHours);
    for (const alert of alerts)
      plans.push({
        mailboxId: row.mailboxId,
        threadId: row.threadId,
        kind: alert.kind,
        dueAt,
        recipients: alert.to === 'managers' ? escalateTo : row.assignee === null ? [] : [row.assignee],
      });
  }
  return plans;
}

/** Where an inbox row stands against its mailbox's policy; null when no policy covers it. */
export function rowSlaStatus(row: Row, policies: Iterable<unknown>, now: number): SlaStatus | null {
  if (typeof row.receivedAt !== 'number' || row.status === 'closed') return null;
  const policy = slaPolicyFor(row.mailboxId, policies);
  if (!policy) return null;
  const state = slaState(
    { receivedAt: row.receivedAt, firstReplyAt: row.firstReplyAt },
    policy,
    now,
    policy.workingHours,
  );
  return state.replied ? null : state.status;
}
