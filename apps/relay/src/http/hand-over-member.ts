// A member's hand-over, run by the relay (which holds every doc): load what X may hold — every
// customer doc, every open thread (the hot buckets) — plan with `planHandOver`, revoke X so their
// sockets close and nothing more comes from them, apply the plan with `applyHandOver`, and publish
// just the differences like any client's updates. Writes build on the stored state, so they are
// causally after everything stored (the workspace-members pattern).
import * as Y from 'yjs';
import {
  applyHandOver,
  customerId as toCustomerId,
  customerView,
  docName,
  indexRows,
  parseDocName,
  planHandOver,
  repairCustomerRow,
  threadMaps,
  threadView,
  userActor,
  type CustomerId,
  type HandOverApplied,
  type HandOverInput,
  type HandOverPlan,
  type MailboxId,
  type ModelDeps,
  type ThreadId,
} from '@wharf/model';
import type { Auth, User } from '../auth/index.ts';
import { HttpError } from './errors.ts';
import type { MemberEvents } from './member-events.ts';

export interface HandOverStore {
  /** The doc's stored state as one update (an empty update for an unknown doc). */
  load(name: string): Promise<Uint8Array>;
  names(prefix: string): Promise<string[]>;
  /** Stores and fans out an update like any client's. */
  publish(name: string, update: Uint8Array): Promise<void>;
}

export interface HandOverDeps {
  auth: Auth;
  events: MemberEvents;
  store: HandOverStore;
  model: ModelDeps;
}

export type HandOverOutcome =
  | { readonly plan: HandOverPlan; readonly applied: HandOverApplied; readonly member: User }
  /** A dry run: the plan only; nothing was revoked or moved. */
  | { readonly plan: HandOverPlan; readonly applied: undefined; readonly member: User };

export async function handOverMember(
  deps: HandOverDeps,
  input: { readonly fromId: string; readonly toId: string; readonly by: User; readonly dryRun?: boolean },
): Promise<HandOverOutcome> {
  const { auth, store } = deps;
  const from = auth.getUser(input.fromId);
  const to = auth.getUser(input.toId);
  if (input.by.role !== 'admin' && from.role === 'admin')
    throw new HttpError('forbidden', 'only an admin hands over an admin. 只有管理员可以移交管理员');

  const loaded = new Map<string, { doc: Y.Doc; before: Uint8Array }>();
  const open = async (name: string): Promise<Y.Doc> => {
    const held = loaded.get(name);
    if (held) return held.doc;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await store.load(name));
    loaded.set(name, { doc, before: Y.encodeStateVector(doc) });
    return doc;
  };

  const threads: { name: string; mailboxId: MailboxId; threadId: ThreadId; doc: Y.Doc }[] = [];
  for (const hotName of (await store.names('index/')).filter((name) => name.endsWith('/hot'))) {
    const hot = parseDocName(hotName);
    if (hot?.kind !== 'index') continue;
    for (const row of [...indexRows(await open(hotName)).values()]) {
      const name = docName({ kind: 'thread', mailboxId: hot.mailboxId, threadId: row.threadId });
      threads.push({ name, mailboxId: hot.mailboxId, threadId: row.threadId, doc: await open(name) });
    }
  }
  const customers: { id: CustomerId; doc: Y.Doc }[] = [];
  for (const name of await store.names('customer/')) {
    const ref = parseDocName(name);
    if (ref?.kind === 'customer') customers.push({ id: ref.customerId, doc: await open(name) });
  }

  const result = planHandOver(planInput(from, to, auth.listUsers(), threads, customers, deps.model.now()));
  if (!result.ok) throw new HttpError('invalid_input', `${result.error.en}. ${result.error.zh}`);
  const { plan } = result;
  // The team page shows this plan before the manager confirms.
  if (input.dryRun) return { plan, applied: undefined, member: from };

  // X goes first: their sockets close, so no write of theirs races the move.
  const member = auth.revokeUser(from.id);
  await deps.events.changed(member, { revoked: true });

  // Rewriting a row removes it from every bucket the thread was ever in (SPEC [IX2]): load those too.
  const moving = new Set(plan.threads.map((t) => docName({ kind: 'thread', ...t })));
  for (const thread of threads.filter((t) => moving.has(t.name)))
    for (const bucket of threadMaps(thread.doc).buckets.keys())
      await open(docName({ kind: 'index', mailboxId: thread.mailboxId, bucket }));

  const docOf = (name: string) => loaded.get(name)?.doc;
  const applied = applyHandOver(
    plan,
    {
      customer: (id) => docOf(docName({ kind: 'customer', customerId: id })),
      thread: (mailboxId, threadId) => docOf(docName({ kind: 'thread', mailboxId, threadId })),
    },
    {
      deps: deps.model,
      actor: userActor(input.by.id),
      index: (mailboxId, bucket) => {
        const doc = docOf(docName({ kind: 'index', mailboxId, bucket }));
        if (!doc) throw new Error(`index/${mailboxId}/${bucket} was not loaded`);
        return doc;
      },
    },
  );

  // The customer index follows the customer docs (model SPEC [CU3]): owners and tasks moved.
  const customerIndex = await open(docName({ kind: 'customers' }));
  for (const { doc } of customers) repairCustomerRow(doc, customerIndex, userActor(input.by.id));

  for (const [name, { doc, before }] of loaded) {
    const update = Y.encodeStateAsUpdate(doc, before);
    // An update with no structs and an empty delete set is 2 bytes: nothing changed.
    if (update.byteLength > 2) await store.publish(name, update);
  }
  return { plan, applied, member };
}

function planInput(
  from: User,
  to: User,
  users: readonly User[],
  threads: readonly { mailboxId: MailboxId; threadId: ThreadId; doc: Y.Doc }[],
  customers: readonly { id: CustomerId; doc: Y.Doc }[],
  now: number,
): HandOverInput {
  const views = threads.flatMap((thread) => {
    const view = threadView(thread.doc, now);
    return view ? [{ ...thread, view }] : [];
  });
  const customerViews = customers.map(({ id, doc }) => ({ id, view: customerView(doc) }));
  return {
    from: from.id,
    to: to.id,
    members: users.map((user) => ({ id: user.id, name: user.name, active: user.active })),
    successorMailboxes: to.role === 'admin' ? 'all' : new Set(to.mailboxes),
    customers: customerViews.map(({ id, view }) => ({ id, ownerId: view.profile.ownerId ?? null })),
    threads: views.map(({ threadId, mailboxId, view }) => ({
      id: threadId,
      mailboxId,
      assignee: view.assignee,
      status: view.status,
    })),
    tasks: customerViews.flatMap(({ id, view }) =>
      view.tasks.map((task) => ({
        id: task.id,
        customerId: toCustomerId(id),
        assignee: task.assignee,
        done: task.done,
      })),
    ),
    // Snoozes are thread statuses here, not personal reminders: nothing of X's to move.
    snoozes: [],
    drafts: views.flatMap(({ threadId, mailboxId, view }) =>
      view.drafts.map((draft) => ({ threadId, mailboxId, userId: draft.userId })),
    ),
    // Scheduled and awaiting-approval mail is waiting, not in flight: it moves (SPEC [HO5]).
    outbox: views.flatMap(({ threadId, mailboxId, view }) =>
      view.outbox.map((entry) => ({
        id: entry.id,
        threadId,
        mailboxId,
        author: entry.author,
        status: entry.phase,
      })),
    ),
  };
}
