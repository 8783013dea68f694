// Pure: the SLA editor's form (one span of working hours on chosen weekdays: what a sales team
// sets) to and from the model's policy. A policy with several spans a day (a lunch break) is
// shown by its first and last times; saving it from the form makes it one span.
import type { SlaPolicyInput, SlaPolicyRow, Weekday } from '@wharf/model';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface SlaForm {
  hours: number;
  dueSoonMinutes: number;
  /** Empty: never escalate. */
  escalateAfterMinutes: number | null;
  timeZone: string;
  days: Weekday[];
  start: string;
  end: string;
}

export function slaFormFrom(policy: SlaPolicyRow | undefined, defaultTimeZone: string): SlaForm {
  if (!policy)
    return {
      hours: 2,
      dueSoonMinutes: 30,
      escalateAfterMinutes: null,
      timeZone: defaultTimeZone,
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '09:00',
      end: '18:00',
    };
  const days = WEEKDAYS.filter((day) => (policy.workingHours.week[day]?.length ?? 0) > 0);
  const spans = days.flatMap((day) => policy.workingHours.week[day] ?? []);
  return {
    hours: policy.firstReplyMinutes / 60,
    dueSoonMinutes: policy.dueSoonMinutes,
    escalateAfterMinutes: policy.escalateAfterMinutes ?? null,
    timeZone: policy.workingHours.timeZone,
    days,
    start: spans.map((span) => span.start).sort()[0] ?? '09:00',
    end:
      spans
        .map((span) => span.end)
        .sort()
        .at(-1) ?? '18:00',
  };
}

/** The policy the form describes (the model validates it before storing). */
export function slaInputFrom(form: SlaForm, name: string, holidays: readonly string[] = []): SlaPolicyInput {
  const span = { start: form.start, end: form.end };
  return {
    name,
    firstReplyMinutes: Math.round(form.hours * 60),
    dueSoonMinutes: Math.round(form.dueSoonMinutes),
    ...(form.escalateAfterMinutes === null
      ? {}
      : { escalateAfterMinutes: Math.round(form.escalateAfterMinutes) }),
    workingHours: {
      timeZone: form.timeZone.trim(),
      week: Object.fromEntries(form.days.map((day) => [day, [span]])),
      holidays: [...holidays],
    },
  };
}
