// The inbox row of a thread. It is a pure function of the thread doc (no clock, no peer state),
// so every peer holding the same thread computes the same row (SPEC [IX1]).
import type * as Y from 'yjs';
import { HOT_BUCKET } from '../doc-names.ts';
import type { CustomerId, MailboxId, ThreadId, UserId } from '../ids.ts';
import { readMeta, threadMaps, type ThreadMaps } from '../thread/maps.ts';
import { FNV_OFFSET, fnv1a32 } from '../hash.ts';
import { outboxState } from '../thread/outbox-state.ts';
import { currentAssignee, currentClaim, storedStatus } from '../thread/status.ts';
import type { Address, MessageRef, StatusName } from '../thread/types.ts';

export interface ThreadSummary {
  threadId: ThreadId;
  mailboxId: MailboxId;
  subject: string;
  /** The other party: sender of the newest inbound message, else first recipient of the newest. */
  counterpart: Address | null;
  snippet: string;
  /** Date of the newest message (or the thread's creation when it has none). */
  lastActivity: number;
  messageCount: number;
  hasAttachments: boolean;
  assignee: UserId | null;
  claim: UserId | null;
  /** Stored status; a snooze that has ended is resolved against the clock by projections. */
  status: StatusName;
  snoozeUntil: number | null;
  closedAt: number | null;
  tags: string[];
  /** An inbound message nobody in the team has seen yet, in Wharf or on the server (SPEC [SV2]). */
  unread: boolean;
  /** The newest message is inbound, not answered on the server, and the thread is not closed. */
  needsReply: boolean;
  customerId: CustomerId | null;
  /** Date of the first inbound message, for SLA targets (routing/sla); null when none. */
  receivedAt: number | null;
  /** Date of the first outbound message after `receivedAt`; null while unanswered. */
  firstReplyAt: number | null;
  /**
   * Outbox entries queued or being sent: the bridge still has work here (SPEC [IX2]). Optional
   * because rows written before it existed lack it; `summarizeThread` always sets it.
   */
  pendingOutbox?: number;
  /**
   * A fingerprint of the comments and notes (0 when there are none): whoever reads the index (the
   * mail bridge's search) opens a thread doc only when its discussion changed (SPEC [IX4]). Optional
   * because rows written before it existed lack it; `summarizeThread` always sets it.
   */
  discussion?: number;
}

/**
 * Rows make up a bucket (~410 bytes each measured; CJK text is 3 bytes a character in UTF-8),
 * and the list shows one line of snippet.
 */
export const SUMMARY_SNIPPET_LENGTH = 80;

function newest(messages: Iterable<MessageRef>, direction?: 'in'): MessageRef | undefined {
  let best: MessageRef | undefined;
  for (const message of messages) {
    if (direction && message.direction !== direction) continue;
    if (!best || message.date > best.date || (message.date === best.date && message.id > best.id))
      best = message;
  }
  return best;
}

function earliest(messages: readonly MessageRef[], which: (message: MessageRef) => boolean): number | null {
  let date: number | null = null;
  for (const message of messages)
    if (which(message) && (date === null || message.date < date)) date = message.date;
  return date;
}

/** Changes when a comment or note is added, edited or deleted; independent of map order. */
export function discussionFingerprint(maps: Pick<ThreadMaps, 'comments' | 'notes'>): number {
  if (maps.comments.size === 0 && maps.notes.size === 0) return 0;
  const entries: string[] = [];
  for (const [id, c] of maps.comments.entries()) entries.push(`c${id}\u0000${c.deleted ? '-' : c.body}`);
  for (const [id, n] of maps.notes.entries()) entries.push(`n${id}\u0000${n.deleted ? '-' : n.body}`);
  let hash = FNV_OFFSET;
  for (const entry of entries.sort()) hash = fnv1a32(`${entry}\u0001`, hash);
  return hash === 0 ? 1 : hash;
}

export function summarizeThread(doc: Y.Doc): ThreadSummary | undefined {
  const maps = threadMaps(doc);
  const meta = readMeta(maps, 'thread');
  if (!meta) return undefined;
  const messages = [...maps.messages.values()];
  const last = newest(messages);
  const lastInbound = newest(messages, 'in');
  const inbound = messages.filter((m) => m.direction === 'in').length;
  let seen = 0;
  for (const count of maps.reads.values()) seen = Math.max(seen, count);
  const status = storedStatus(maps);
  const receivedAt = earliest(messages, (m) => m.direction === 'in');
  const firstReplyAt =
    receivedAt === null ? null : earliest(messages, (m) => m.direction === 'out' && m.date >= receivedAt);
  return {
    threadId: meta.threadId,
    mailboxId: meta.mailboxId,
    subject: meta.subject,
    counterpart: lastInbound?.from ?? last?.to[0] ?? null,
    snippet: (last?.snippet ?? '').slice(0, SUMMARY_SNIPPET_LENGTH),
    lastActivity: last?.date ?? meta.createdAt,
    messageCount: messages.length,
    hasAttachments: messages.some((m) => m.hasAttachments),
    assignee: currentAssignee(maps),
    claim: currentClaim(maps),
    status: status.status,
    snoozeUntil: status.snoozeUntil,
    closedAt: status.closedAt,
    tags: [...maps.tags.keys()].sort(),
    unread: inbound > seen && messages.some((m) => m.direction === 'in' && !m.server?.seen),
    needsReply: last?.direction === 'in' && !last.server?.answered && status.status !== 'closed',
    customerId: readMeta(maps, 'customer')?.customerId ?? null,
    receivedAt,
    firstReplyAt,
    pendingOutbox: [...maps.outbox.values()].filter((entry) => {
      const state = outboxState(maps, entry.id);
      return state?.status === 'queued' || state?.status === 'sending';
    }).length,
    discussion: discussionFingerprint(maps),
  };
}

/**
 * Open, pending and snoozed threads live in the hot bucket; a closed one in the month it closed
 * (UTC) — unless a reply is still queued or being sent: the mail bridge watches the hot bucket,
 * and "send and close" must still send (SPEC [IX2]).
 */
export function bucketFor(
  summary: Pick<ThreadSummary, 'status' | 'closedAt'> & { pendingOutbox?: number },
): string {
  if (summary.status !== 'closed' || summary.closedAt === null || (summary.pendingOutbox ?? 0) > 0)
    return HOT_BUCKET;
  const date = new Date(summary.closedAt);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}
