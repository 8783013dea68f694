// Picks the UI language from the browser and formats dates in the user's own time zone.
// Pure: callers pass the browser's language list, the clock reading and the zone.
import { LOCALES, type Locale } from './messages.ts';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** 简体中文 for any Chinese preference (zh, zh-CN, zh-Hans, zh-SG…), otherwise English. */
export function localeFromLanguages(languages: readonly string[]): Locale {
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export interface DateFormatOptions {
  locale: Locale;
  /** IANA zone; undefined means the zone the browser runs in. */
  timeZone?: string | undefined;
}

function zonedParts(epochMs: number, timeZone: string | undefined): { y: number; m: number; d: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/** Full date and time, for tooltips and message headers. */
export function formatDateTime(epochMs: number, options: DateFormatOptions): string {
  return new Intl.DateTimeFormat(options.locale, {
    timeZone: options.timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(epochMs);
}

/** Compact time for list rows: the time today, the day this year, the date otherwise. */
export function formatListTime(epochMs: number, nowMs: number, options: DateFormatOptions): string {
  const then = zonedParts(epochMs, options.timeZone);
  const now = zonedParts(nowMs, options.timeZone);
  const format = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(options.locale, { timeZone: options.timeZone, ...o }).format(epochMs);
  if (then.y === now.y && then.m === now.m && then.d === now.d)
    return format({ hour: '2-digit', minute: '2-digit' });
  if (then.y === now.y) return format({ month: 'short', day: 'numeric' });
  return format({ year: 'numeric', month: 'short', day: 'numeric' });
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 hours ago" / "3小时前"; anything under a minute is "now". */
export function formatRelative(epochMs: number, nowMs: number, locale: Locale): string {
  const delta = epochMs - nowMs;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size) return format.format(Math.round(delta / size), unit);
  }
  return format.format(0, 'second');
}

/** A duration such as an SLA age: "2 h", "3 d" / "2 小时", "3 天". */
export function formatAge(ms: number, locale: Locale): string {
  for (const [unit, size] of UNITS) {
    if (ms >= size)
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(
        Math.floor(ms / size),
      );
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(0);
}
