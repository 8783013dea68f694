// Routing a new thread as the doc writer writes it: the bridge opens the workspace doc (rules,
// members, teams, absences) and the sender's candidate customer docs through the writer's own
// registry, and lets the model decide and apply (`routeArrival`). The decision is written before
// the writer waits for the relay's acknowledgement and marks the messages written, so a crash
// replays the batch and the stored decision keeps it to one routing (model SPEC [RT8]).
import type * as Y from 'yjs';
import {
  BRIDGE_ACTOR,
  candidateCustomerIds,
  currentAssignee,
  docName,
  HOT_BUCKET,
  indexRows,
  mailboxId as toMailboxId,
  messageSummaryFromRef,
  routeArrival,
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
      const names = [docName({ kind: 'workspace' })];
      const customerIds = candidateCustomerIds(firstRef.from.address);
      names.push(...customerIds.map((customerId) => docName({ kind: 'customer', customerId })));
      const acquired = names.map((name) => ({ name, doc: deps.docs.acquire(name) }));
      await Promise.all(names.map((name) => deps.waitSynced(name)));
      const [workspace, ...customerDocs] = acquired.map((entry) => entry.doc);
      const customers = new Map<CustomerId, Y.Doc>(
        customerIds.map((customerId, i) => [customerId, customerDocs[i]!]),
      );

      routeArrival(
        {
          thread: doc,
          threadId: toThreadId(first.threadId),
          mailboxId: mailbox,
          workspace: workspace!,
          customers,
          message: messageSummaryFromRef(firstRef, mailbox, {
            text: first.body.text ?? first.body.snippet,
          }),
          at: firstRef.date,
          openThreads: openThreadsIn(deps.index(mailbox, HOT_BUCKET)),
        },
        { deps: deps.model, actor: BRIDGE_ACTOR, index: deps.index },
      );
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
