// Applies a hand-over plan (`planHandOver`) to the docs it names: customers' owner, open threads'
// assignee (through `assignThread`, so index rows follow), open tasks, unsent drafts and waiting
// outbox entries. Each item is re-checked against its doc first: something that changed hands
// since the plan was made (another manager reassigned it, a task was done) is left alone and
// counted as skipped, so a hand-over never takes what is no longer the leaver's (SPEC [HO4]).
import type * as Y from 'yjs';
import { changeCustomerOwner, reassignTask } from '../../customer-doc/customer-doc.ts';
import type { CustomerId, MailboxId, ThreadId } from '../../ids.ts';
import { threadMaps } from '../../thread/maps.ts';
import { currentAssignee, storedStatus } from '../../thread/status.ts';
import { assignThread } from '../../thread/triage.ts';
import { writeThread, type ThreadOpContext } from '../../thread/write.ts';
import type { HandOverPlan } from './plan-hand-over.ts';

export interface HandOverDocs {
  /** The synced doc, or undefined when it cannot be loaded (the item is skipped). */
  customer(id: CustomerId): Y.Doc | undefined;
  thread(mailboxId: MailboxId, threadId: ThreadId): Y.Doc | undefined;
}

export interface HandOverApplied {
  readonly customers: number;
  readonly threads: number;
  readonly tasks: number;
  readonly drafts: number;
  readonly outbox: number;
  /** Items of the plan that were no longer the leaver's (or whose doc was missing). */
  readonly skipped: number;
}

export function applyHandOver(plan: HandOverPlan, docs: HandOverDocs, ctx: ThreadOpContext): HandOverApplied {
  const { from, to } = plan;
  const counts = { customers: 0, threads: 0, tasks: 0, drafts: 0, outbox: 0, skipped: 0 };
  const tally = (key: Exclude<keyof typeof counts, 'skipped'>, done: boolean) => {
    if (done) counts[key] += 1;
    else counts.skipped += 1;
  };

  for (const id of plan.customers) {
    const doc = docs.customer(id);
    tally('customers', doc !== undefined && changeCustomerOwner(doc, { from, to, note: plan.summary }, ctx));
  }
  for (const { taskId, customerId } of plan.tasks) {
    const doc = docs.customer(customerId);
    tally('tasks', doc !== undefined && reassignTask(doc, taskId, from, to, ctx));
  }
  for (const { mailboxId, threadId } of plan.threads) {
    const doc = docs.thread(mailboxId, threadId);
    const maps = doc && threadMaps(doc);
    const stillTheirs =
      maps !== undefined && currentAssignee(maps) === from && storedStatus(maps).status !== 'closed';
    tally('threads', stillTheirs && assignThread(doc!, to, ctx));
  }
  for (const { mailboxId, threadId } of plan.drafts) {
    const doc = docs.thread(mailboxId, threadId);
    tally('drafts', doc !== undefined && moveDraft(doc, plan, ctx));
  }
  for (const { mailboxId, threadId, outboxId } of plan.outbox) {
    const doc = docs.thread(mailboxId, threadId);
    const moved =
      doc !== undefined &&
      writeThread(doc, ctx, ({ maps, log }) => {
        const entry = maps.outbox.get(outboxId);
        if (entry?.author !== from) return false;
        maps.outbox.set(outboxId, { ...entry, author: to });
        log({ type: 'handed-over', what: 'outbox', from, to });
        return true;
      });
    tally('outbox', moved);
  }
  return counts;
}

/** The leaver's draft becomes the successor's, unless the successor has a draft of their own there. */
function moveDraft(doc: Y.Doc, plan: HandOverPlan, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const draft = maps.drafts.get(plan.from);
    if (!draft || maps.drafts.has(plan.to)) return false;
    maps.drafts.delete(plan.from);
    maps.drafts.set(plan.to, { ...draft, userId: plan.to });
    log({ type: 'handed-over', what: 'draft', from: plan.from, to: plan.to });
    return true;
  });
}
