// Everything the thread screen shows, as one frozen object.
import type * as Y from 'yjs';
import type { CustomerId, UserId } from '../ids.ts';
import { readMeta, threadMaps } from '../thread/maps.ts';
import { outboxPhase } from '../thread/outbox-phase.ts';
import type { OutboxPhaseInfo } from '../thread/outbox-phase.ts';
import { currentAssignee, currentClaim, statusAt, storedStatus } from '../thread/status.ts';
import type {
  ActivityEntry,
  Comment,
  Draft,
  MessageRef,
  Note,
  OutboxEntry,
  StatusName,
  RoutingValue,
  ThreadMeta,
  ThreadPriority,
} from '../thread/types.ts';
import { byTimeThenId, deepFreeze } from './freeze.ts';
import type { DeepReadonly } from './freeze.ts';

export interface CommentNode extends Comment {
  replies: CommentNode[];
}

export interface ThreadViewData {
  meta: ThreadMeta;
  status: StatusName;
  snoozeUntil: number | null;
  closedAt: number | null;
  assignee: UserId | null;
  claim: UserId | null;
  /** When the current claim was made (the claimant's clock), so a view can call an old one stale. */
  claimedAt: number | null;
  tags: string[];
  customerId: CustomerId | null;
  /** Why the thread went where it did (SPEC [RT8]); null for a thread that was never routed. */
  routing: RoutingValue | null;
  priority: ThreadPriority | null;
  spam: boolean;
  messages: MessageRef[];
  /** Top-level comments, oldest first; a reply whose parent is unknown is shown at the top level. */
  comments: CommentNode[];
  notes: Note[];
  drafts: Draft[];
  /** With the phase at `now`: scheduled, awaiting approval, ... (SPEC [SC1], [AP1]). */
  outbox: (OutboxEntry & OutboxPhaseInfo)[];
  activity: ActivityEntry[];
}

export type ThreadView = DeepReadonly<ThreadViewData>;

function commentTree(comments: Comment[]): CommentNode[] {
  const nodes = new Map<string, CommentNode>();
  for (const comment of [...comments].sort(byTimeThenId((c) => c.at)))
    nodes.set(comment.id, { ...comment, replies: [] });
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === undefined ? undefined : nodes.get(node.parentId);
    if (parent && parent !== node) parent.replies.push(node);
    else roots.push(node);
  }
  return roots;
}

export function threadView(doc: Y.Doc, now: number): ThreadView | undefined {
  const maps = threadMaps(doc);
  const meta = readMeta(maps, 'thread');
  if (!meta) return undefined;
  const stored = storedStatus(maps);
  const status = statusAt(stored, now);
  const outbox = [...maps.outbox.values()]
    .map((entry) => ({ ...entry, ...outboxPhase(maps, entry, now) }))
    .sort(byTimeThenId((e) => e.createdAt));
  const view: ThreadViewData = {
    meta,
    status,
    snoozeUntil: status === 'snoozed' ? stored.snoozeUntil : null,
    closedAt: stored.closedAt,
    assignee: currentAssignee(maps),
    claim: currentClaim(maps),
    claimedAt: currentClaim(maps) === null ? null : (readMeta(maps, 'claim')?.at ?? null),
    tags: [...maps.tags.keys()].sort(),
    customerId: readMeta(maps, 'customer')?.customerId ?? null,
    routing: readMeta(maps, 'routing') ?? null,
    priority: readMeta(maps, 'priority')?.priority ?? null,
    spam: readMeta(maps, 'spam')?.spam ?? false,
    messages: [...maps.messages.values()].sort(byTimeThenId((m) => m.date)),
    comments: commentTree([...maps.comments.values()]),
    notes: [...maps.notes.values()].filter((n) => !n.deleted).sort(byTimeThenId((n) => n.at)),
    drafts: [...maps.drafts.values()].sort((a, b) =>
      a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0,
    ),
    outbox,
    // Array order, not time order: it is the same on every peer and never puts an effect before
    // its cause, whatever the writers' clocks say (SPEC [LG2]).
    activity: maps.activity.toArray(),
  };
  return deepFreeze(structuredClone(view));
}
