// Pure: does an outgoing message need a manager's approval? Approval rules are rows of the
// workspace doc's `approvalRules` table; a rule matches when any condition it sets holds:
// - `phrases`: one of these phrases is in the subject or body (case-insensitive, CJK too),
// - `totalAbove`: a money amount in the text is above this figure (see `totalIn`),
// - `grades` / `customerTags`: the thread's customer has one of these grades or tags.
// Both the author's client (to show "awaiting approval" at once) and the mail bridge (which
// decides, SPEC [AP1]) call it.
import type { RuleRow } from '../workspace-doc/workspace-doc.ts';

export interface ApprovalRule {
  id: string;
  name: string;
  enabled?: boolean;
  phrases?: string[];
  totalAbove?: number;
  /** Only amounts in this currency count (ISO code, e.g. USD); any when absent. */
  currency?: string;
  grades?: string[];
  customerTags?: string[];
}

export interface ApprovalSubject {
  subject: string;
  body: string;
  customer?: { grade?: string | null; tags?: readonly string[] } | null;
}

export interface ApprovalReason {
  en: string;
  zh: string;
}

/** A row from the workspace doc, read defensively: a malformed row is skipped, never fatal. */
export function approvalRuleFrom(row: RuleRow): ApprovalRule | undefined {
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
  const rule: ApprovalRule = {
    id: row.id,
    name: typeof row['name'] === 'string' ? row['name'] : row.id,
    enabled: row['enabled'] !== false,
    phrases: strings(row['phrases']),
    grades: strings(row['grades']),
    customerTags: strings(row['customerTags']).map((t) => t.trim().toLowerCase()),
    ...(typeof row['totalAbove'] === 'number' && Number.isFinite(row['totalAbove'])
      ? { totalAbove: row['totalAbove'] }
      : {}),
    ...(typeof row['currency'] === 'string' ? { currency: row['currency'].toUpperCase() } : {}),
  };
  const hasCondition =
    rule.phrases!.length > 0 ||
    rule.grades!.length > 0 ||
    rule.customerTags!.length > 0 ||
    rule.totalAbove !== undefined;
  return hasCondition ? rule : undefined;
}

const CURRENCY_SIGNS: Record<string, string> = {
  $: 'USD',
  US$: 'USD',
  USD: 'USD',
  '€': 'EUR',
  EUR: 'EUR',
  '£': 'GBP',
  GBP: 'GBP',
  '¥': 'CNY',
  '￥': 'CNY',
  RMB: 'CNY',
  CNY: 'CNY',
  元: 'CNY',
  JPY: 'JPY',
};

const SIGN = 'US\\$|USD|EUR|GBP|RMB|CNY|JPY|[$€£¥￥]';
const NUMBER = '\\d{1,3}(?:[,，]\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?';
// "USD 12,500.00", "$12500", "12,500 USD", "12500元", with an optional k/万 multiplier
const AMOUNT = new RegExp(
  `(?:(${SIGN})\\s?(${NUMBER})\\s?(k|K|万)?)|(?:(${NUMBER})\\s?(k|K|万)?\\s?(${SIGN}|元))`,
  'g',
);
const TOTAL_WORDS = /total|sum|amount|合计|总计|总价|总额|共计/i;

export interface Amount {
  value: number;
  currency: string;
  /** A total-like word ("total", "合计") precedes it on its line. */
  labelled: boolean;
}

export function amountsIn(text: string): Amount[] {
  const found: Amount[] = [];
  for (const line of text.split(/\r?\n/)) {
    for (const match of line.matchAll(AMOUNT)) {
      const sign = match[1] ?? match[6] ?? '';
      const digits = (match[2] ?? match[4] ?? '').replace(/[,，]/g, '');
      const multiplier = match[3] ?? match[5];
      const factor = multiplier === '万' ? 10_000 : multiplier ? 1000 : 1;
      const value = Number(digits) * factor;
      if (!Number.isFinite(value)) continue;
      const before = line.slice(0, match.index);
      found.push({ value, currency: CURRENCY_SIGNS[sign] ?? sign, labelled: TOTAL_WORDS.test(before) });
    }
  }
  return found;
}

/**
 * The total the text quotes: the largest amount labelled as a total, else the largest amount
 * (a quote that only lists unit prices is judged by its largest figure). Undefined without any.
 */
export function totalIn(text: string, currency?: string): number | undefined {
  const amounts = amountsIn(text).filter((a) => currency === undefined || a.currency === currency);
  const labelled = amounts.filter((a) => a.labelled);
  const pool = labelled.length > 0 ? labelled : amounts;
  return pool.length === 0 ? undefined : Math.max(...pool.map((a) => a.value));
}

/** Every enabled rule that matches, with why; empty when the message may go without approval. */
export function approvalReasons(rows: readonly RuleRow[], message: ApprovalSubject): ApprovalReason[] {
  const text = `${message.subject}\n${message.body}`;
  const folded = text.normalize('NFKC').toLowerCase();
  const reasons: ApprovalReason[] = [];
  for (const rule of rows.map(approvalRuleFrom)) {
    if (!rule?.enabled) continue;
    const phrase = rule.phrases!.find((p) => folded.includes(p.normalize('NFKC').toLowerCase()));
    if (phrase) {
      reasons.push({
        en: `${rule.name}: mentions "${phrase}"`,
        zh: `${rule.name}：提到“${phrase}”`,
      });
      continue;
    }
    if (rule.totalAbove !== undefined) {
      const total = totalIn(text, rule.currency);
      if (total !== undefined && total > rule.totalAbove) {
        const limit = `${rule.currency ? `${rule.currency} ` : ''}${rule.totalAbove}`;
        reasons.push({
          en: `${rule.name}: total ${total} is above ${limit}`,
          zh: `${rule.name}：总额 ${total} 超过 ${limit}`,
        });
        continue;
      }
    }
    const grade = message.customer?.grade;
    if (grade && rule.grades!.includes(grade)) {
      reasons.push({ en: `${rule.name}: grade ${grade} customer`, zh: `${rule.name}：${grade} 级客户` });
      continue;
    }
    const tags = (message.customer?.tags ?? []).map((t) => t.toLowerCase());
    const tag = rule.customerTags!.find((t) => tags.includes(t));
    if (tag)
      reasons.push({ en: `${rule.name}: customer tagged ${tag}`, zh: `${rule.name}：客户标签 ${tag}` });
  }
  return reasons;
}
