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
          openThreads: openThreadsIn(deps.index(mailbox, HOT_BUCKET)),
        },
        { deps: deps.model, actor: BRIDGE_ACTOR, index: deps.index },
      );
      const customer = customerId === null ? undefined : customers.get(customerId);
      if (customer) repairCustomerRow(customer, customersIndex, BRIDGE_ACTOR);
      return names;
    },
  };
}

/** Open threads per assignee in one mailbox's hot bucket, for least-loaded rules. */
function openThreadsIn(hot: Y.Doc): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of indexRows(hot).values())
    if (row.assignee !== null && row.status !== 'closed')
      counts[row.assignee] = (counts[row.assignee] ?? 0) + 1;
  return counts;
}
