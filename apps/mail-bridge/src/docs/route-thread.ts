// Routing a new thread as the doc writer writes it: the bridge opens the workspace doc (rules,
// members, teams, absences), the customer index (addresses linked by hand) and the sender's
// customer docs through the writer's own registry, and lets the model decide and apply (`routeArrival`). The decision is written before
// the writer waits for the relay's acknowledgement and marks the messages written, so a crash
// replays the batch and the stored decision keeps it to one routing (model SPEC [RT8]).
import type * as Y from 'yjs';
import {
  BRIDGE_ACTOR,
  currentAssignee,
  docName,
  HOT_BUCKET,
  indexRows,
  isImportedHistory,
  mailboxId as toMailboxId,
  mergedInto,
  messageSummaryFromRef,
  repairCustomerRow,
  routeArrival,
  senderCustomerIds,
  threadId as toThreadId,
  threadMaps,
  threadRouting,
  type CustomerId,
  type IndexDocs,
  type ModelDeps,
  type ThreadSummary,
} from '@wharf/model';
import type { StoredMessage } from '../store/bridge-store.ts';
import type { DocRegistry } from './doc-registry.ts';

export interface ThreadRouterDeps {
  docs: DocRegistry;
  model: ModelDeps;
  index: IndexDocs;
  waitSynced(name: string): Promise<void>;
}

export interface ThreadRouter {
  /**
   * Routes the thread if it has no decision yet, nobody assigned, and its first inbound message is
   * in `messages` with its body (the rules read the text). Returns the names of the docs it
   * acquired: the caller releases them once the relay has acknowledged the writes.
   */
  routeIfNew(doc: Y.Doc, messages: readonly StoredMessage[]): Promise<string[]>;
}

export function createThreadRouter(deps: ThreadRouterDeps): ThreadRouter {
  const loads = openThreadCounts();
  return {
    async routeIfNew(doc, messages) {
      const maps = threadMaps(doc);
      if (threadRouting(doc) || currentAssignee(maps) !== null) return [];
      const inbound = [...maps.messages.values()]
        .filter((ref) => ref.direction === 'in')
        .sort((a, b) => a.date - b.date || (a.id < b.id ? -1 : 1));
      const firstRef = inbound[0];
      const first = firstRef && messages.find((m) => m.key === firstRef.id);
      if (!firstRef || !first?.body) return [];
      // history runs no rule and takes no turn (model SPEC [ST4]); routed with its body all the
      // same, so the metadata pass (the usable inbox) does not wait on customer docs
      const history = isImportedHistory(doc);

      const mailbox = toMailboxId(first.mailboxId);
      const names: string[] = [];
      const acquire = async (name: string) => {
        names.push(name);
        const acquired = deps.docs.acquire(name);
        await deps.waitSynced(name);
        return acquired;
      };
      const [workspace, customersIndex] = await Promise.all([
        acquire(docName({ kind: 'workspace' })),
        acquire(docName({ kind: 'customers' })),
      ]);
      // The sender's own candidates, an address linked by hand (the index), then what any of
      // those was merged into (model SPEC [CU4], [CU5]).
      const customers = new Map<CustomerId, Y.Doc>();
      const hold = (ids: readonly CustomerId[]) =>
        Promise.all(
          ids.map(async (id) =>
            customers.set(id, await acquire(docName({ kind: 'customer', customerId: id }))),
          ),
        );
      await hold(senderCustomerIds(firstRef.from.address, customersIndex));
      await hold(mergedInto(customers));

      const { customerId } = routeArrival(
        {
          thread: doc,
          threadId: toThreadId(first.threadId),
          mailboxId: mailbox,
          workspace,
          customers,
          message: messageSummaryFromRef(firstRef, mailbox, {
            text: first.body.text ?? first.body.snippet,
          }),
          at: firstRef.date,
          openThreads: history ? {} : loads(deps.index(mailbox, HOT_BUCKET)),
          history,
        },
        { deps: deps.model, actor: BRIDGE_ACTOR, index: deps.index },
      );
      const customer = customerId === null ? undefined : customers.get(customerId);
      if (customer) repairCustomerRow(customer, customersIndex, BRIDGE_ACTOR);
      return names;
    },
  };
}

/**
 * Open threads per assignee in a mailbox's hot bucket, for least-loaded rules: counted once per
 * bucket doc, then kept up to date from its row changes (counting every row for each routed thread
 * made an initial sync quadratic).
 */
function openThreadCounts(): (hot: Y.Doc) => Readonly<Record<string, number>> {
  const byDoc = new WeakMap<Y.Doc, Record<string, number>>();
  return (hot) => {
    const known = byDoc.get(hot);
    if (known) return known;
    const counts: Record<string, number> = {};
    const count = (row: ThreadSummary | undefined, by: number) => {
      if (row && row.assignee !== null && row.status !== 'closed')
        counts[row.assignee] = (counts[row.assignee] ?? 0) + by;
    };
    const rows = indexRows(hot);
    for (const row of rows.values()) count(row, 1);
    rows.observe((event) => {
      for (const [threadId, change] of event.changes.keys) {
        if (change.action !== 'add') count(change.oldValue as ThreadSummary, -1);
        if (change.action !== 'delete') count(rows.get(threadId), 1);
      }
    });
    byDoc.set(hot, counts);
    return counts;
  };
}
