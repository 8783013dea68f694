// Pure: what moves when member X hands over to member Y (a rep leaves or changes role). The plan
// lists every item by id; the doc operations apply it and write the audit log and timelines.
// Work already in flight (an outbox entry the bridge is sending) and history (closed threads,
// done tasks, sent mail) stay where they are.
import type { CustomerId, MailboxId, OutboxId, TaskId, ThreadId, UserId } from '../../ids.ts';
import { reason, type Reason } from '../reason.ts';

export type HandOverOutboxState =
  'scheduled' | 'awaiting-approval' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** Outbox entries nobody has started sending yet. */
const MOVABLE_OUTBOX: ReadonlySet<HandOverOutboxState> = new Set(['scheduled', 'awaiting-approval']);

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
    readonly assigneeId: UserId | null;
    readonly open: boolean;
  }[];
  readonly tasks: readonly {
    readonly id: TaskId;
    readonly assigneeId: UserId | null;
    readonly done: boolean;
  }[];
  readonly snoozes: readonly {
    readonly threadId: ThreadId;
    readonly mailboxId: MailboxId;
    readonly userId: UserId;
  }[];
  readonly drafts: readonly {
    readonly id: string;
    readonly threadId: ThreadId;
    readonly mailboxId: MailboxId;
    readonly authorId: UserId;
    readonly pending: boolean;
  }[];
  readonly outbox: readonly {
    readonly id: OutboxId;
    readonly mailboxId: MailboxId;
    readonly createdBy: UserId;
    readonly state: HandOverOutboxState;
  }[];
}

export interface HandOverPlan {
  readonly from: UserId;
  readonly to: UserId;
  readonly customers: readonly CustomerId[];
  readonly threads: readonly { readonly threadId: ThreadId; readonly mailboxId: MailboxId }[];
  readonly tasks: readonly TaskId[];
  readonly snoozes: readonly { readonly threadId: ThreadId; readonly mailboxId: MailboxId }[];
  readonly drafts: readonly {
    readonly id: string;
    readonly threadId: ThreadId;
    readonly mailboxId: MailboxId;
  }[];
  readonly outbox: readonly OutboxId[];
  /** X's outbox entries already being sent or finished: left alone, listed for the summary. */
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
    .filter((t) => t.open && t.assigneeId === from)
    .map((t) => ({ threadId: t.id, mailboxId: t.mailboxId }));
  const tasks = input.tasks.filter((t) => !t.done && t.assigneeId === from).map((t) => t.id);
  const snoozes = input.snoozes
    .filter((s) => s.userId === from)
    .map(({ threadId, mailboxId }) => ({ threadId, mailboxId }));
  const drafts = input.drafts
    .filter((d) => d.pending && d.authorId === from)
    .map(({ id, threadId, mailboxId }) => ({ id, threadId, mailboxId }));
  const ownOutbox = input.outbox.filter((entry) => entry.createdBy === from);
  const outbox = ownOutbox.filter((entry) => MOVABLE_OUTBOX.has(entry.state));
  const outboxInFlight = ownOutbox.filter((entry) => entry.state === 'sending').map((entry) => entry.id);

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
        `${outboxInFlight.length} message(s) of ${leaving.name} are being sent right now and stay as they are`,
        `${leaving.name} 有 ${outboxInFlight.length} 封邮件正在发送，保持不变`,
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
    outbox: outbox.map((e) => e.id),
    outboxInFlight,
    missingMailboxes,
    warnings,
  };
  return { ok: true, plan: { ...plan, summary: summarise(leaving.name, successor.name, plan) } };
}

function refuse(en: string, zh: string): HandOverResult {
  return { ok: false, error: reason(en, zh) };
}

function summarise(
  fromName: string,
  toName: string,
  plan: Pick<HandOverPlan, 'customers' | 'threads' | 'tasks' | 'snoozes' | 'drafts' | 'outbox'>,
): Reason {
  const n = {
    customers: plan.customers.length,
    threads: plan.threads.length,
    tasks: plan.tasks.length,
    snoozes: plan.snoozes.length,
    drafts: plan.drafts.length,
    outbox: plan.outbox.length,
  };
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
