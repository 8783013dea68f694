// Pure: a customer's timeline, newest first (SPEC [CU7]). Threads come from the customer doc's
// `threads` refs (every mailbox and address the customer wrote from); their messages and
// comments from the thread views the reader holds (a thread in a mailbox the reader may not open
// shows as the bare ref). Stage, owner, merge and split changes and tasks come from the customer
// doc. Ties are broken by a stable key, so every peer lists the same order.
import type { CustomerEvent, CustomerView } from '../customer-doc/customer-doc.ts';
import type { MailboxId, TaskId, ThreadId, UserId } from '../ids.ts';
import { deepFreeze, type DeepReadonly } from '../projections/freeze.ts';
import type { ThreadView } from '../projections/thread-view.ts';

interface ThreadLink {
  mailboxId: MailboxId;
  threadId: ThreadId;
}

export type TimelineItem = { key: string; at: number } & (
  | ({ kind: 'thread'; subject: string } & ThreadLink)
  | ({
      kind: 'message';
      direction: 'in' | 'out';
      from: string;
      subject: string;
      snippet: string;
    } & ThreadLink)
  | ({ kind: 'comment'; author: UserId; body: string } & ThreadLink)
  | { kind: 'event'; event: CustomerEvent }
  | {
      kind: 'task';
      change: 'created' | 'done';
      taskId: TaskId;
      title: string;
      by: UserId | null;
      assignee: UserId | null;
      thread: ThreadLink | null;
    }
);

export type CustomerTimeline = DeepReadonly<TimelineItem[]>;

export interface TimelineThread extends ThreadLink {
  /** Undefined when the reader does not hold (or may not open) the thread doc. */
  view: ThreadView | undefined;
}

export function customerTimeline(
  customer: CustomerView,
  threads: readonly TimelineThread[],
): CustomerTimeline {
  const items: TimelineItem[] = [];
  const held = new Map(threads.map((t) => [`${t.mailboxId}/${t.threadId}`, t.view]));
  for (const ref of customer.threads) {
    const link = { mailboxId: ref.mailboxId, threadId: ref.threadId };
    const path = `${ref.mailboxId}/${ref.threadId}`;
    items.push({ key: `thread:${path}`, at: ref.at, kind: 'thread', subject: ref.subject, ...link });
    const view = held.get(path);
    if (!view) continue;
    for (const message of view.messages)
      items.push({
        key: `message:${path}:${message.id}`,
        at: message.date,
        kind: 'message',
        direction: message.direction,
        from: message.from.name || message.from.address,
        subject: message.subject,
        snippet: message.snippet,
        ...link,
      });
    const comments = [...view.comments];
    while (comments.length > 0) {
      const comment = comments.pop()!;
      comments.push(...comment.replies);
      if (comment.deleted) continue;
      items.push({
        key: `comment:${path}:${comment.id}`,
        at: comment.at,
        kind: 'comment',
        author: comment.author,
        body: comment.body,
        ...link,
      });
    }
  }
  for (const event of customer.events)
    items.push({ key: `event:${event.id}`, at: event.at, kind: 'event', event: event as CustomerEvent });
  for (const task of customer.tasks) {
    const base = {
      kind: 'task' as const,
      taskId: task.id,
      title: task.title,
      assignee: task.assignee,
      thread: task.thread ? { mailboxId: task.thread.mailboxId, threadId: task.thread.threadId } : null,
    };
    items.push({
      key: `task:${task.id}:created`,
      at: task.createdAt,
      change: 'created',
      by: task.createdBy ?? null,
      ...base,
    });
    if (task.done && typeof task.doneAt === 'number')
      items.push({ key: `task:${task.id}:done`, at: task.doneAt, change: 'done', by: null, ...base });
  }
  items.sort((a, b) => b.at - a.at || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return deepFreeze(structuredClone(items));
}
