// Pure: what is due for a member now (SPEC [TK2]): their open tasks whose due time has come, and
// the follow-ups of the customers they own whose date has come. Computed from the customer index
// with the clock given; nothing is written when something becomes due, so there is no write to race.
import type * as Y from 'yjs';
import type { CustomerId, UserId } from '../ids.ts';
import { deepFreeze, type DeepReadonly } from '../projections/freeze.ts';
import { customerIndexRows, type CustomerRowTask } from './customer-index.ts';

export type DueItem = { customerId: CustomerId; customerName: string; due: number } & (
  { kind: 'task'; task: CustomerRowTask } | { kind: 'follow-up' }
);

export type DueItems = DeepReadonly<DueItem[]>;

/** Oldest due first. */
export function dueItems(index: Y.Doc, me: UserId, now: number): DueItems {
  const items: DueItem[] = [];
  for (const row of customerIndexRows(index).values()) {
    if (row.mergedInto) continue;
    const base = { customerId: row.id, customerName: row.name };
    if (row.ownerId === me && row.nextFollowUp !== null && row.nextFollowUp <= now)
      items.push({ ...base, kind: 'follow-up', due: row.nextFollowUp });
    for (const task of row.openTasks)
      if (task.assignee === me && task.due !== null && task.due <= now)
        items.push({ ...base, kind: 'task', due: task.due, task });
  }
  const key = (item: DueItem) => (item.kind === 'task' ? `t:${item.task.id}` : `f:${item.customerId}`);
  items.sort((a, b) => a.due - b.due || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return deepFreeze(structuredClone(items));
}
