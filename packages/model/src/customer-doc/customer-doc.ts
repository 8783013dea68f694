// The customer doc, kept basic: a profile card whose fields are separate keys (concurrent edits
// of different fields merge, SPEC [CU1]), contacts and tasks as rows. The customers module
// (identity, merge, split) works on plain records built from it.
import type * as Y from 'yjs';
import { actorUserId, type Actor, type OpContext } from '../deps.ts';
import { taskId as toTaskId } from '../ids.ts';
import type { CustomerId, MailboxId, TaskId, ThreadId, UserId } from '../ids.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { byTimeThenId, deepFreeze } from '../projections/freeze.ts';
import type { DeepReadonly } from '../projections/freeze.ts';

export type CustomerGrade = 'A' | 'B' | 'C';

export interface CustomerProfile {
  id: CustomerId;
  name: string;
  company: string;
  country: string;
  website: string;
  domains: string[];
  grade: CustomerGrade | null;
  /** A pipeline stage id (workspace `pipelineStages`); changed through `setCustomerStage`. */
  stage: string;
  ownerId: UserId | null;
  market?: string;
  /** Products of interest. */
  products?: string[];
  /** Company size, free text ("50–200", "distributor"). */
  size?: string;
  keyPeople?: string;
  /** Free labels, lower-case: price-sensitive, quality-focused, ... */
  tags?: string[];
  /** When the owner should follow up (epoch ms); due in the owner's inbox from then (SPEC [TK2]). */
  nextFollowUp?: number | null;
  notes?: string;
  /** Set when this customer was merged into another (SPEC [CU5]): it links no address any more. */
  mergedInto?: CustomerId | null;
}

export interface CustomerContactRow {
  id: string;
  name: string;
  /** Normalised (lower-case) addresses. */
  addresses: string[];
  phone?: string;
  role?: string;
}

export interface CustomerTask {
  id: TaskId;
  title: string;
  due: number | null;
  assignee: UserId | null;
  done: boolean;
  createdAt: number;
  createdBy?: UserId | null;
  /** When it was last marked done (the timeline shows it). */
  doneAt?: number | null;
  /** The thread the task is about, when it is about one. */
  thread?: { mailboxId: MailboxId; threadId: ThreadId } | null;
}

/** A thread of the customer, for the timeline; keyed `<mailboxId>/<threadId>`. */
export interface CustomerThreadRef {
  mailboxId: MailboxId;
  threadId: ThreadId;
  subject: string;
  at: number;
}

interface CustomerEventBase {
  id: string;
  at: number;
  by: Actor;
}

/** A change of the customer worth showing on its timeline. */
export type CustomerEvent = CustomerEventBase &
  (
    | {
        type: 'owner-changed';
        from: UserId | null;
        to: UserId | null;
        /** Why, in both languages, e.g. the hand-over summary. */
        note?: { en: string; zh: string };
      }
    | { type: 'stage-changed'; from: string; to: string }
    /** `into`: this customer went into `other`; `from`: `other` came into this one. */
    | { type: 'merged'; direction: 'into' | 'from'; other: CustomerId }
    | { type: 'split'; direction: 'into' | 'from'; other: CustomerId; contact: string }
  );

export interface CustomerMaps {
  profile: Y.Map<CustomerProfile[keyof CustomerProfile]>;
  contacts: Y.Map<CustomerContactRow>;
  tasks: Y.Map<CustomerTask>;
  threads: Y.Map<CustomerThreadRef>;
  events: Y.Map<CustomerEvent>;
}

export function customerMaps(doc: Y.Doc): CustomerMaps {
  return {
    profile: doc.getMap('profile'),
    contacts: doc.getMap('contacts'),
    tasks: doc.getMap('tasks'),
    threads: doc.getMap('threads'),
    events: doc.getMap('events'),
  };
}

function write(doc: Y.Doc, ctx: OpContext, fn: (maps: CustomerMaps) => void): void {
  ensureSchema(doc, 'customer');
  doc.transact(() => fn(customerMaps(doc)), ctx.actor);
}

export function setCustomerFields(doc: Y.Doc, fields: Partial<CustomerProfile>, ctx: OpContext): void {
  write(doc, ctx, (maps) => {
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) maps.profile.set(key, value);
  });
}

/**
 * Creates the customer's profile unless the doc already has one. Ids are derived from the sender
 * (`customerIdForKey`), so two peers creating one customer concurrently write the same profile.
 * Returns false when the customer existed.
 */
export function createCustomerIfNew(
  doc: Y.Doc,
  profile: CustomerProfile,
  contact: CustomerContactRow | undefined,
  ctx: OpContext,
): boolean {
  if (customerMaps(doc).profile.has('id')) return false;
  write(doc, ctx, (maps) => {
    for (const [key, value] of Object.entries(profile)) maps.profile.set(key, value);
    if (contact) maps.contacts.set(contact.id, contact);
  });
  return true;
}

/** Adds a thread to the customer's timeline; a thread already there is left as it is. */
export function addCustomerThread(doc: Y.Doc, ref: CustomerThreadRef, ctx: OpContext): boolean {
  const key = `${ref.mailboxId}/${ref.threadId}`;
  if (customerMaps(doc).threads.has(key)) return false;
  write(doc, ctx, (maps) => maps.threads.set(key, ref));
  return true;
}

/** Moves the customer to a new owner and records it on the timeline; false when `from` no longer owns it. */
export function changeCustomerOwner(
  doc: Y.Doc,
  change: { from: UserId | null; to: UserId | null; note?: { en: string; zh: string } },
  ctx: OpContext,
): boolean {
  const maps = customerMaps(doc);
  if ((maps.profile.get('ownerId') ?? null) !== change.from || change.from === change.to) return false;
  write(doc, ctx, (m) => {
    m.profile.set('ownerId', change.to);
    const event: CustomerEvent = {
      id: ctx.deps.newId(),
      at: ctx.deps.now(),
      by: ctx.actor,
      type: 'owner-changed',
      from: change.from,
      to: change.to,
      ...(change.note ? { note: change.note } : {}),
    };
    m.events.set(event.id, event);
  });
  return true;
}

/** Gives an open task to another member; false when it is done, gone, or no longer `from`'s. */
export function reassignTask(doc: Y.Doc, id: TaskId, from: UserId, to: UserId, ctx: OpContext): boolean {
  const task = customerMaps(doc).tasks.get(id);
  if (!task || task.done || task.assignee !== from) return false;
  write(doc, ctx, (maps) => maps.tasks.set(id, { ...task, assignee: to }));
  return true;
}

export function putContact(doc: Y.Doc, contact: CustomerContactRow, ctx: OpContext): void {
  write(doc, ctx, (maps) => maps.contacts.set(contact.id, contact));
}

export function removeContact(doc: Y.Doc, id: string, ctx: OpContext): void {
  write(doc, ctx, (maps) => maps.contacts.delete(id));
}

export function addCustomerTask(
  doc: Y.Doc,
  input: {
    title: string;
    due?: number;
    assignee?: UserId;
    thread?: { mailboxId: MailboxId; threadId: ThreadId };
  },
  ctx: OpContext,
): CustomerTask {
  const task: CustomerTask = {
    id: toTaskId(ctx.deps.newId()),
    title: input.title,
    due: input.due ?? null,
    assignee: input.assignee ?? null,
    done: false,
    createdAt: ctx.deps.now(),
    createdBy: actorUserId(ctx.actor) ?? null,
    ...(input.thread ? { thread: input.thread } : {}),
  };
  write(doc, ctx, (maps) => maps.tasks.set(task.id, task));
  return task;
}

export function setTaskDone(doc: Y.Doc, id: TaskId, done: boolean, ctx: OpContext): boolean {
  const task = customerMaps(doc).tasks.get(id);
  if (!task || task.done === done) return false;
  write(doc, ctx, (maps) => maps.tasks.set(id, { ...task, done, doneAt: done ? ctx.deps.now() : null }));
  return true;
}

/** Edits an open or done task's title, due time or assignee (the row is replaced whole, SPEC [TK1]). */
export function updateTask(
  doc: Y.Doc,
  id: TaskId,
  fields: Partial<Pick<CustomerTask, 'title' | 'due' | 'assignee'>>,
  ctx: OpContext,
): boolean {
  const task = customerMaps(doc).tasks.get(id);
  if (!task) return false;
  const next = { ...task, ...fields };
  if (next.title === task.title && next.due === task.due && next.assignee === task.assignee) return false;
  write(doc, ctx, (maps) => maps.tasks.set(id, next));
  return true;
}

/** Moves the customer to another pipeline stage and puts the change on its timeline. */
export function setCustomerStage(doc: Y.Doc, stage: string, ctx: OpContext): boolean {
  const from = customerMaps(doc).profile.get('stage');
  const current = typeof from === 'string' ? from : '';
  if (current === stage) return false;
  write(doc, ctx, (maps) => {
    maps.profile.set('stage', stage);
    const event: CustomerEvent = {
      id: ctx.deps.newId(),
      at: ctx.deps.now(),
      by: ctx.actor,
      type: 'stage-changed',
      from: current,
      to: stage,
    };
    maps.events.set(event.id, event);
  });
  return true;
}

/** Adds an event row to the timeline (merge and split write one on each side). */
export function addCustomerEvent(doc: Y.Doc, event: CustomerEvent, ctx: OpContext): void {
  write(doc, ctx, (maps) => maps.events.set(event.id, event));
}

export type CustomerView = DeepReadonly<{
  profile: Partial<CustomerProfile>;
  contacts: CustomerContactRow[];
  tasks: CustomerTask[];
  /** Newest first. */
  threads: CustomerThreadRef[];
  /** Newest first. */
  events: CustomerEvent[];
}>;

/** The parts of a customer that do not grow with its mail: what routing and the index row read. */
export type CustomerCard = Pick<CustomerView, 'profile' | 'contacts' | 'tasks'>;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * `customerView` without the thread list and the timeline: a customer's threads grow with every
 * routed inquiry, and cloning them for each arrival made routing cost grow with the customer's
 * history.
 */
export function customerCard(doc: Y.Doc): CustomerCard {
  return deepFreeze(structuredClone(cardOf(customerMaps(doc))));
}

const cardOf = (maps: ReturnType<typeof customerMaps>) => ({
  profile: Object.fromEntries(maps.profile.entries()),
  contacts: [...maps.contacts.values()].sort(byId),
  tasks: [...maps.tasks.values()].sort(byTimeThenId((t) => t.createdAt)),
});

export function customerView(doc: Y.Doc): CustomerView {
  const maps = customerMaps(doc);
  return deepFreeze(
    structuredClone({
      ...cardOf(maps),
      threads: [...maps.threads.values()].sort(
        (a, b) => b.at - a.at || (a.threadId < b.threadId ? 1 : a.threadId > b.threadId ? -1 : 0),
      ),
      events: [...maps.events.values()].sort(
        (a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      ),
    }),
  );
}
