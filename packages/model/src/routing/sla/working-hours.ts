// Pure: working time in a mailbox's time zone. Used by the SLA clock: a first-reply target of
// "2 h" means two working hours, so mail that arrives on Friday evening is due Monday morning.
import {
  addDays,
  assertTimeZone,
  instantOf,
  isoDate,
  localDateOf,
  weekdayOf,
  type LocalDate,
} from './zoned-time.ts';

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface WorkingHours {
  /** IANA zone, e.g. 'Asia/Shanghai'. */
  readonly timeZone: string;
  /** Local 'HH:MM' spans per weekday; '24:00' ends at midnight. A day without spans is off. */
  readonly week: Readonly<
    Partial<Record<Weekday, readonly { readonly start: string; readonly end: string }[]>>
  >;
  /** Local dates ('YYYY-MM-DD') off work, e.g. 国庆节. */
  readonly holidays?: readonly string[];
}

/** Never search further than this for working time: a policy with none at all is a mistake. */
const MAX_DAYS = 400;

function minuteOfDay(hhmm: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(minutes >= 0 && minutes <= 24 * 60)) throw new Error(`invalid time of day: ${JSON.stringify(hhmm)}`);
  return minutes;
}

/** Working spans (instants) of one local date, in order. */
function spansOn(date: LocalDate, hours: WorkingHours): [number, number][] {
  if (hours.holidays?.includes(isoDate(date))) return [];
  const spans = hours.week[WEEKDAYS[weekdayOf(date)]!] ?? [];
  return spans
    .map(({ start, end }): [number, number] => [
      instantOf(date, minuteOfDay(start), hours.timeZone),
      instantOf(date, minuteOfDay(end), hours.timeZone),
    ])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
}

/** Working spans from the local day containing `from` onwards, clipped to start at `from`. */
function* spansFrom(from: number, hours: WorkingHours): Generator<[number, number]> {
  assertTimeZone(hours.timeZone);
  const first = localDateOf(from, hours.timeZone);
  for (let day = 0; day < MAX_DAYS; day++)
    for (const [start, end] of spansOn(addDays(first, day), hours))
      if (end > from) yield [Math.max(start, from), end];
}

/** Working milliseconds between two instants (0 when `to` ≤ `from`). */
export function workingMsBetween(from: number, to: number, hours: WorkingHours): number {
  let total = 0;
  for (const [start, end] of spansFrom(from, hours)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total;
}

/** The instant after `ms` of working time counted from `from`. */
export function addWorkingMs(from: number, ms: number, hours: WorkingHours): number {
  let left = ms;
  for (const [start, end] of spansFrom(from, hours)) {
    if (end - start >= left) return start + left;
    left -= end - start;
  }
  throw new Error(`no working time within ${MAX_DAYS} days in ${hours.timeZone}`);
}
