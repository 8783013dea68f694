// Pure: which SLA notifications are due now. The caller keeps the set of alerts already sent for
// the thread (e.g. in the thread doc) and passes it back, so a tick that runs twice, or on two
// peers, asks for each alert at most once per peer and the set converges.
import { reason, type Reason } from '../reason.ts';
import { slaState, type SlaPolicy, type SlaThread } from './sla-state.ts';
import { addWorkingMs, type WorkingHours } from './working-hours.ts';

export type SlaAlertKind = 'due-soon' | 'overdue' | 'escalated';

export interface SlaAlert {
  readonly kind: SlaAlertKind;
  /** Escalations go to the mailbox's managers; the rest to the assignee. */
  readonly to: 'assignee' | 'managers';
  readonly reason: Reason;
}

export interface SlaAlertPolicy extends SlaPolicy {
  /** Working minutes past due before managers are told; absent: never. */
  readonly escalateAfterMinutes?: number;
}

export function slaAlerts(
  thread: SlaThread & { readonly subject: string },
  policy: SlaAlertPolicy,
  now: number,
  hours: WorkingHours,
  alreadySent: ReadonlySet<SlaAlertKind>,
): SlaAlert[] {
  const state = slaState(thread, policy, now, hours);
  if (state.replied) return [];
  const alerts: SlaAlert[] = [];
  const quoted = `'${thread.subject}'`;
  if (state.status === 'due-soon' && !alreadySent.has('due-soon'))
    alerts.push({
      kind: 'due-soon',
      to: 'assignee',
      reason: reason(
        `first reply to ${quoted} is due in ${state.workingMinutesLeft} working minutes`,
        `${quoted} 需在 ${state.workingMinutesLeft} 个工作分钟内首次回复`,
      ),
    });
  if (state.status !== 'overdue') return alerts;
  if (!alreadySent.has('overdue'))
    alerts.push({
      kind: 'overdue',
      to: 'assignee',
      reason: reason(`first reply to ${quoted} is overdue`, `${quoted} 的首次回复已超时`),
    });
  const escalateAfter = policy.escalateAfterMinutes;
  // Compare with the escalation instant rather than measuring working time since due: the cost
  // stays bounded by the escalation window however old the thread is.
  if (
    escalateAfter !== undefined &&
    !alreadySent.has('escalated') &&
    now >= addWorkingMs(state.dueAt, escalateAfter * 60_000, hours)
  )
    alerts.push({
      kind: 'escalated',
      to: 'managers',
      reason: reason(
        `${quoted} has waited more than ${escalateAfter} working minutes past its first-reply target`,
        `${quoted} 超过首次回复时限已逾 ${escalateAfter} 个工作分钟`,
      ),
    });
  return alerts;
}
