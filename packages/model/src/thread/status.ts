// Derived thread state. What is stored is what someone wrote; what a thread *is* also depends on
// messages the writer had not seen (SPEC [ST2]) and, for snoozes, on the clock (SPEC [ST3]).
import type { UserId } from '../ids.ts';
import { inboundCount, readMeta } from './maps.ts';
import type { ThreadMaps } from './maps.ts';
import type { StatusName } from './types.ts';

export interface ThreadStatus {
  status: StatusName;
  /** When a snooze ends; null unless snoozed. */
  snoozeUntil: number | null;
  /** When it was closed; null unless closed. */
  closedAt: number | null;
}

const OPEN: ThreadStatus = { status: 'open', snoozeUntil: null, closedAt: null };

/** The status without the clock: a snooze that has ended still reads as snoozed here. */
export function storedStatus(maps: ThreadMaps): ThreadStatus {
  const value = readMeta(maps, 'status');
  if (!value) return OPEN;
  if (value.status !== 'open' && inboundCount(maps) > value.inboundSeen) return OPEN;
  return {
    status: value.status,
    snoozeUntil: value.status === 'snoozed' ? (value.until ?? null) : null,
    closedAt: value.status === 'closed' ? value.at : null,
  };
}

/** A snoozed thread whose time has come is open again. */
export function statusAt<T extends { status: StatusName; snoozeUntil: number | null }>(
  value: T,
  now: number,
): StatusName {
  if (value.status === 'snoozed' && value.snoozeUntil !== null && value.snoozeUntil <= now) return 'open';
  return value.status;
}

export function currentClaim(maps: ThreadMaps): UserId | null {
  return readMeta(maps, 'claim')?.userId ?? null;
}

export function currentAssignee(maps: ThreadMaps): UserId | null {
  return readMeta(maps, 'assignee')?.assignee ?? null;
}
