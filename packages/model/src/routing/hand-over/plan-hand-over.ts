// Pure: what moves when member X hands over to member Y (a rep leaves or changes role). The plan
// lists every item by id; the doc operations apply it and write the audit log and timelines.
// Work in flight (an outbox entry queued for or being sent by the bridge) and history (closed
// threads, done tasks, sent mail) stay where they are.
import type { CustomerId, MailboxId, OutboxId, TaskId, ThreadId, UserId } from '../../ids.ts';
import type { OutboxStatus, StatusName } from '../../thread/types.ts';
import { reason, type Reason } from '../reason.ts';

/** The thread doc's outbox statuses plus the states of mail that waits: for a time, for approval. */
export type HandOverOutboxState = OutboxStatus | 'scheduled' | 'awaiting-approval' | 'rejected';

/** Waiting mail moves; queued mail is about to be claimed by the bridge and is left alone. */
const MOVABLE_OUTBOX: ReadonlySet<HandOverOutboxState> = new Set([
  'scheduled',
  'awaiting-approval',
  'rejected',
]);
const IN_FLIGHT_OUTBOX: ReadonlySet<HandOverOutboxState> = new Set(['queued', 'sending']);

export interface HandOverInput {
  readonly from: UserId;
  readonly to: UserId;
  readonly members: readonly { readonly id: UserId; readonly name: string; readonly active: boolean }[];
  /** Mailboxes the successor can open; 'all' for an admin. */
  readonly successorMailboxes: ReadonlySet<MailboxId> | 'all';
  readonly customers: readonly { readonly id: CustomerId; readonly ownerId: UserId | null }[];
  readonly threads: readonly {
    readonly id: ThreadId;
    readonly mailboxId: MailboxId;
    readonly assignee: UserId | null;
    readonly status: StatusName;
  }[];
  /** Tasks live in customer docs. */
  readonly tasks: readonly {
    readonly id: TaskId;
    readonly customerId: CustomerId;
    readonly assignee: UserId | null;
    readonly done: boolean;
  }[];
  /** Personal reminders X set on threads: they go to Y. */
  readonly snoozes: readonly {
    readonly threadId: ThreadId;
    readonly mailboxId: MailboxId;
    readonly userId: UserId;
  }[];
  /** Unsent drafts (a sent draft no longer exists). */
  readonly drafts: readonly {
    readonly threadId: ThreadId;
    readonly mailboxId: MailboxId;
    readonly userId: UserId;
  }[];
  readonly outbox: readonly {
    readonly id: OutboxId;
    readonly threadId: ThreadId;
    readonly mailboxId: MailboxId;
    readonly author: UserId;
    readonly status: HandOverOutboxState;
  }[];
}

export interface ThreadRef {
  readonly threadId: ThreadId;
  readonly mailboxId: MailboxId;
}

export interface HandOverPlan {
  readonly from: UserId;
  readonly to: UserId;
  readonly customers: readonly CustomerId[];
  readonly threads: readonly ThreadRef[];
  readonly tasks: readonly { readonly taskId: TaskId; readonly customerId: CustomerId }[];
  /** Snoozes X set: their reminders go to Y. */
  readonly snoozes: readonly ThreadRef[];
  /** X's unsent drafts, kept as they are and handed to Y to finish. */
  readonly drafts: readonly ThreadRef[];
  readonly outbox: readonly (ThreadRef & { readonly outboxId: OutboxId })[];
  /** X's outbox entries queued or being sent: left alone, listed for the summary. */
  readonly outboxInFlight: readonly OutboxId[];
  /** Mailboxes holding moved work that the successor cannot open yet. */
  readonly missingMailboxes: readonly MailboxId[];
  readonly summary: Reason;
  readonly warnings: readonly Reason[];
}

export type HandOverResult =
  { readonly ok: true; readonly plan: HandOverPlan } | { readonly ok: false; readonly error: Reason };

export function planHandOver(input: HandOverInput): HandOverResult {
  const { from, to } = input;
  const leaving = input.members.find((member) => member.id === from);
  const successor = input.members.find((member) => member.id === to);
  if (from === to) return refuse('a member cannot hand over to themselves', '不能移交给自己');
  if (!leaving) return refuse(`${from} is not a member`, `${from} 不是成员`);
  if (!successor?.active)
    return refuse(
      `${successor?.name ?? to} is not an active member`,
      `${successor?.name ?? to} 不是在职成员`,
    );

  const customers = input.customers.filter((c) => c.ownerId === from).map((c) => c.id);
  const threads = input.threads
    .filter((t) => t.status !== 'closed' && t.assignee === from)
    .map((t) => ({ threadId: t.id, mailboxId: t.mailboxId }));
  const tasks = input.tasks
    .filter((t) => !t.done && t.assignee === from)
    .map((t) => ({ taskId: t.id, customerId: t.customerId }));
  const snoozes = input.snoozes
    .filter((s) => s.userId === from)
    .map(({ threadId, mailboxId }) => ({ threadId, mailboxId }));
  const drafts = input.drafts
    .filter((d) => d.userId === from)
    .map(({ threadId, mailboxId }) => ({ threadId, mailboxId }));
  const ownOutbox = input.outbox.filter((entry) => entry.author === from);
  const outbox = ownOutbox
    .filter((entry) => MOVABLE_OUTBOX.has(entry.status))
    .map(({ id, threadId, mailboxId }) => ({ outboxId: id, threadId, mailboxId }));
  const outboxInFlight = ownOutbox
    .filter((entry) => IN_FLIGHT_OUTBOX.has(entry.status))
    .map((entry) => entry.id);

  const touched = new Set<MailboxId>([
    ...threads.map((t) => t.mailboxId),
    ...snoozes.map((s) => s.mailboxId),
    ...drafts.map((d) => d.mailboxId),
    ...outbox.map((entry) => entry.mailboxId),
  ]);
  const grants = input.successorMailboxes;
  const missingMailboxes =
    grants === 'all' ? [] : [...touched].filter((mailbox) => !grants.has(mailbox)).sort();

  const warnings: Reason[] = [];
  if (missingMailboxes.length > 0)
    warnings.push(
      reason(
        `${successor.name} cannot open ${missingMailboxes.join(', ')} yet: grant access before handing over`,
        `${successor.name} 还无法访问 ${missingMailboxes.join('、')}：请先授予权限再移交`,
      ),
    );
  if (outboxInFlight.length > 0)
    warnings.push(
      reason(
        `${outboxInFlight.length} message(s) of ${leaving.name} are queued or being sent and stay as they are`,
        `${leaving.name} 有 ${outboxInFlight.length} 封邮件已排队或正在发送，保持不变`,
      ),
    );

  const plan = {
    from,
    to,
    customers,
    threads,
    tasks,
    snoozes,
    drafts,
    outbox,
    outboxInFlight,
    missingMailboxes,
    warnings,
  };
  return { ok: true, plan: { ...plan, summary: summarise(leaving.name, successor.name, plan) } };
}

function refuse(en: string, zh: string): HandOverResult {
  return { ok: false, error: reason(en, zh) };
}

type PlanLists = Pick<HandOverPlan, 'customers' | 'threads' | 'tasks' | 'snoozes' | 'drafts' | 'outbox'>;

/** How many items of each kind the plan moves (what the summary says and the team page shows). */
export function handOverCounts(plan: PlanLists): Record<keyof PlanLists, number> {
  return {
    customers: plan.customers.length,
    threads: plan.threads.length,
    tasks: plan.tasks.length,
    snoozes: plan.snoozes.length,
    drafts: plan.drafts.length,
    outbox: plan.outbox.length,
  };
}

function summarise(fromName: string, toName: string, plan: PlanLists): Reason {
  const n = handOverCounts(plan);
  const en = [
    `${n.customers} customer${n.customers === 1 ? '' : 's'}`,
    `${n.threads} open thread${n.threads === 1 ? '' : 's'}`,
    `${n.tasks} task${n.tasks === 1 ? '' : 's'}`,
    `${n.snoozes} snooze${n.snoozes === 1 ? '' : 's'}`,
    `${n.drafts} draft${n.drafts === 1 ? '' : 's'}`,
    `${n.outbox} scheduled message${n.outbox === 1 ? '' : 's'}`,
  ];
  const zh = [
    `${n.customers} 个客户`,
    `${n.threads} 个未结会话`,
    `${n.tasks} 个任务`,
    `${n.snoozes} 个稍后提醒`,
    `${n.drafts} 份草稿`,
    `${n.outbox} 封定时邮件`,
  ];
  return reason(`${fromName} → ${toName}: ${en.join(', ')}`, `${fromName} → ${toName}：${zh.join('，')}`);
}
