// The layout of a thread doc: which shared types it holds and what each row is.
import type * as Y from 'yjs';
import type { CustomerId } from '../ids.ts';
import type {
  ActivityEntry,
  AssigneeValue,
  ClaimValue,
  Comment,
  Draft,
  MessageRef,
  Note,
  OutboxApproval,
  OutboxEntry,
  OutboxEvent,
  OutboxHold,
  PriorityValue,
  RoutingValue,
  SpamValue,
  StatusValue,
  ThreadMeta,
} from './types.ts';

export interface CustomerLink {
  customerId: CustomerId | null;
  at: number;
}

/** Single-valued fields; each key is its own last-writer-wins register. */
export interface MetaFields {
  thread: ThreadMeta;
  status: StatusValue;
  assignee: AssigneeValue;
  claim: ClaimValue;
  customer: CustomerLink;
  routing: RoutingValue;
  priority: PriorityValue;
  spam: SpamValue;
}

export interface ThreadMaps {
  meta: Y.Map<MetaFields[keyof MetaFields]>;
  messages: Y.Map<MessageRef>;
  /** tag → true: a set whose concurrent adds merge (SPEC [TG1]). */
  tags: Y.Map<true>;
  comments: Y.Map<Comment>;
  notes: Y.Map<Note>;
  drafts: Y.Map<Draft>;
  outbox: Y.Map<OutboxEntry>;
  outboxEvents: Y.Map<OutboxEvent>;
  /** `<outboxId>:<revision>` → the decision the relay wrote (SPEC [AP2]). */
  approvals: Y.Map<OutboxApproval>;
  /** `<outboxId>:<revision>` → the bridge's hold for want of approval (SPEC [AP1]). */
  outboxHolds: Y.Map<OutboxHold>;
  /** userId → number of inbound messages that user has seen. */
  reads: Y.Map<number>;
  /** Every index bucket this thread's row was ever written to (grow-only; SPEC [IX2]). */
  buckets: Y.Map<true>;
  activity: Y.Array<ActivityEntry>;
}

export function threadMaps(doc: Y.Doc): ThreadMaps {
  return {
    meta: doc.getMap('meta'),
    messages: doc.getMap('messages'),
    tags: doc.getMap('tags'),
    comments: doc.getMap('comments'),
    notes: doc.getMap('notes'),
    drafts: doc.getMap('drafts'),
    outbox: doc.getMap('outbox'),
    outboxEvents: doc.getMap('outboxEvents'),
    approvals: doc.getMap('approvals'),
    outboxHolds: doc.getMap('outboxHolds'),
    reads: doc.getMap('reads'),
    buckets: doc.getMap('buckets'),
    activity: doc.getArray('activity'),
  };
}

export function readMeta<K extends keyof MetaFields>(maps: ThreadMaps, key: K): MetaFields[K] | undefined {
  return maps.meta.get(key) as MetaFields[K] | undefined;
}

export function writeMeta<K extends keyof MetaFields>(maps: ThreadMaps, key: K, value: MetaFields[K]): void {
  maps.meta.set(key, value);
}

export function inboundCount(maps: ThreadMaps): number {
  let count = 0;
  for (const message of maps.messages.values()) if (message.direction === 'in') count += 1;
  return count;
}
