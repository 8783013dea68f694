// Pure: where a thread stands against its mailbox's first-reply target, counted in working time.
import { addWorkingMs, workingMsBetween, type WorkingHours } from './working-hours.ts';

export interface SlaPolicy {
  /** First reply due within this many working minutes of arrival. */
  readonly firstReplyMinutes: number;
  /** "Due soon" once no more than this many working minutes are left. */
  readonly dueSoonMinutes: number;
}

export interface SlaThread {
  /** Epoch ms when the first inbound message arrived. */
  readonly receivedAt: number;
  readonly firstReplyAt: number | null;
}

export type SlaStatus = 'ok' | 'due-soon' | 'overdue';

export interface SlaState {
  readonly status: SlaStatus;
  readonly dueAt: number;
  readonly replied: boolean;
  /** Working minutes until `dueAt` (0 once due or replied). */
  readonly workingMinutesLeft: number;
}

const MINUTE = 60_000;

/** A replied thread stays `overdue` when the reply came late, so reports can count misses. */
export function slaState(thread: SlaThread, policy: SlaPolicy, now: number, hours: WorkingHours): SlaState {
  const dueAt = addWorkingMs(thread.receivedAt, policy.firstReplyMinutes * MINUTE, hours);
  if (thread.firstReplyAt !== null)
    return {
      status: thread.firstReplyAt <= dueAt ? 'ok' : 'overdue',
      dueAt,
      replied: true,
      workingMinutesLeft: 0,
    };
  if (now >= dueAt) return { status: 'overdue', dueAt, replied: false, workingMinutesLeft: 0 };
  const workingMinutesLeft = Math.ceil(workingMsBetween(now, dueAt, hours) / MINUTE);
  return {
    status: workingMinutesLeft <= policy.dueSoonMinutes ? 'due-soon' : 'ok',
    dueAt,
    replied: false,
    workingMinutesLeft,
  };
}
