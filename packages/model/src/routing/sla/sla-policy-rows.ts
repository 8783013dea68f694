// Pure: SLA policies as rows of the workspace doc's `slaPolicies` table. Untrusted doc content: a
// malformed row (unknown time zone, '25:00', negative target) is ignored, never half-applied.
import type { MailboxId } from '../../ids.ts';
import type { SlaAlertPolicy } from './sla-alerts.ts';
import type { Weekday, WorkingHours } from './working-hours.ts';
import { assertTimeZone } from './zoned-time.ts';

export interface SlaPolicyRow extends SlaAlertPolicy {
  readonly id: string;
  readonly name: string;
  /** The mailboxes this policy covers; empty means the workspace default. */
  readonly mailboxIds: readonly MailboxId[];
  readonly workingHours: WorkingHours;
}

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Row = Readonly<Record<string, unknown>>;
const isRow = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const isMinutes = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

function knownTimeZone(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    assertTimeZone(value);
    return true;
  } catch {
    return false;
  }
}

function parseWorkingHours(raw: unknown): WorkingHours | undefined {
  if (!isRow(raw) || !knownTimeZone(raw.timeZone) || !isRow(raw.week)) return undefined;
  const week: Partial<Record<Weekday, { start: string; end: string }[]>> = {};
  for (const [day, spans] of Object.entries(raw.week)) {
    const weekday = WEEKDAYS.find((name) => name === day);
    if (!weekday || !Array.isArray(spans)) return undefined;
    const parsed = spans.map((span) =>
      isRow(span) &&
      typeof span.start === 'string' &&
      typeof span.end === 'string' &&
      TIME.test(span.start) &&
      TIME.test(span.end) &&
      span.start < span.end
        ? { start: span.start, end: span.end }
        : undefined,
    );
    if (parsed.some((span) => span === undefined)) return undefined;
    week[weekday] = parsed.filter((span) => span !== undefined);
  }
  const holidays = raw.holidays ?? [];
  if (!isStringArray(holidays) || !holidays.every((date) => DATE.test(date))) return undefined;
  return { timeZone: raw.timeZone, week, holidays };
}

export function parseSlaPolicy(row: unknown): SlaPolicyRow | undefined {
  if (!isRow(row) || typeof row.id !== 'string') return undefined;
  const { firstReplyMinutes, dueSoonMinutes, escalateAfterMinutes, mailboxIds } = row;
  if (!isMinutes(firstReplyMinutes) || firstReplyMinutes === 0 || !isMinutes(dueSoonMinutes))
    return undefined;
  if (escalateAfterMinutes !== undefined && !isMinutes(escalateAfterMinutes)) return undefined;
  if (!isStringArray(mailboxIds)) return undefined;
  const workingHours = parseWorkingHours(row.workingHours);
  if (!workingHours) return undefined;
  return {
    id: row.id,
    name: typeof row.name === 'string' ? row.name : row.id,
    mailboxIds: mailboxIds as MailboxId[],
    firstReplyMinutes,
    dueSoonMinutes,
    ...(escalateAfterMinutes === undefined ? {} : { escalateAfterMinutes }),
    workingHours,
  };
}

/** The policy naming this mailbox (lowest id if several do), else the default policy, if any. */
export function slaPolicyFor(mailboxId: MailboxId, rows: Iterable<unknown>): SlaPolicyRow | undefined {
  const policies = [...rows]
    .map(parseSlaPolicy)
    .filter((policy) => policy !== undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return (
    policies.find((policy) => policy.mailboxIds.includes(mailboxId)) ??
    policies.find((policy) => policy.mailboxIds.length === 0)
  );
}
