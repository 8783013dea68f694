// The effective status of an outbox entry, read from its grow-only set of events (SPEC [OB1]).
import type { OutboxId } from '../ids.ts';
import type { ThreadMaps } from './maps.ts';
import type { OutboxEntry, OutboxEvent, OutboxStatus } from './types.ts';

export interface OutboxState {
  status: OutboxStatus;
  attempt: number;
  error: string | null;
}

const RANK: Record<OutboxStatus, number> = { queued: 0, cancelled: 1, sending: 2, failed: 3, sent: 4 };

/**
 * sent anywhere wins; otherwise the latest attempt decides, in the order
 * queued < cancelled < sending < failed: a cancel that raced the bridge's "sending" loses (SPEC [OB2]).
 */
export function outboxState(maps: ThreadMaps, id: OutboxId): OutboxState | undefined {
  let best: OutboxEvent | undefined;
  for (const event of maps.outboxEvents.values()) {
    if (event.outboxId !== id) continue;
    if (!best || isLater(event, best)) best = event;
  }
  if (!best) return undefined;
  return { status: best.status, attempt: best.attempt, error: best.error ?? null };
}

function isLater(a: OutboxEvent, b: OutboxEvent): boolean {
  if ((a.status === 'sent') !== (b.status === 'sent')) return a.status === 'sent';
  if (a.attempt !== b.attempt) return a.attempt > b.attempt;
  return RANK[a.status] > RANK[b.status];
}

/** The entry's revision: a fresh id per edit, the entry's own id before any (SPEC [AP3]). */
export function entryRevision(entry: Pick<OutboxEntry, 'id' | 'revision'>): string {
  return entry.revision ?? entry.id;
}

/** The revision the bridge composed when it started sending, if it did (SPEC [SC2]). */
export function sentRevision(maps: ThreadMaps, id: OutboxId): string | undefined {
  let found: OutboxEvent | undefined;
  for (const event of maps.outboxEvents.values())
    if (event.outboxId === id && event.status === 'sending' && (!found || event.attempt > found.attempt))
      found = event;
  return found?.revision;
}
