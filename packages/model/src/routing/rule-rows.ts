// Pure: routing rules as rows of the workspace doc's `routingRules` table (SPEC [WS1]: a Y.Map of
// plain rows keyed by id). Order is a `position` number, so a concurrent reorder and edit of
// different rules merge; equal positions (two managers inserting at one spot) fall back to id
// order, identical on every peer. Rows are doc content, hence untrusted: a malformed row is
// skipped and reported rather than crashing the bridge's routing.
import type { MailboxId, UserId } from '../ids.ts';
import { LANGUAGE_CODES } from './language/detect-language.ts';
import type { Priority, RoutingRule, RuleAction, RuleCondition, TextField } from './rule-types.ts';

export interface RoutingRuleRow extends RoutingRule {
  readonly position: number;
}

const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
const FIELDS: readonly TextField[] = ['subject', 'body'];

type Row = Readonly<Record<string, unknown>>;

const isString = (value: unknown): value is string => typeof value === 'string';
const isRow = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every(isString) ? [...value] : undefined;
const oneOf = <T extends string>(allowed: readonly T[], value: unknown): value is T =>
  isString(value) && (allowed as readonly string[]).includes(value);

function parseCondition(raw: unknown): RuleCondition | undefined {
  if (!isRow(raw)) return undefined;
  const list = (key: string) => strings(raw[key]);
  switch (raw.kind) {
    case 'mailbox': {
      const mailboxIds = list('mailboxIds');
      return mailboxIds && { kind: 'mailbox', mailboxIds: mailboxIds as MailboxId[] };
    }
    case 'alias': {
      const addresses = list('addresses');
      return addresses && { kind: 'alias', addresses };
    }
    case 'senderDomain': {
      const domains = list('domains');
      return domains && { kind: 'senderDomain', domains };
    }
    case 'senderTld': {
      const tlds = list('tlds');
      return tlds && { kind: 'senderTld', tlds };
    }
    case 'senderCountry': {
      const countries = list('countries');
      return countries && { kind: 'senderCountry', countries };
    }
    case 'language': {
      const languages = list('languages');
      return languages?.every((code) => oneOf(LANGUAGE_CODES, code))
        ? { kind: 'language', languages }
        : undefined;
    }
    case 'keyword':
    case 'product': {
      const words = list(raw.kind === 'keyword' ? 'keywords' : 'products');
      const fields = list('fields');
      if (!words || !fields?.every((field) => oneOf(FIELDS, field))) return undefined;
      return raw.kind === 'keyword'
        ? { kind: 'keyword', keywords: words, fields }
        : { kind: 'product', products: words, fields };
    }
    case 'hasAttachment':
      return { kind: 'hasAttachment' };
    case 'attachmentName': {
      const patterns = list('patterns');
      return patterns && { kind: 'attachmentName', patterns };
    }
    default:
      return undefined;
  }
}

function parseAction(raw: unknown): RuleAction | undefined {
  if (!isRow(raw)) return undefined;
  switch (raw.kind) {
    case 'assign':
      return isString(raw.memberId) ? { kind: 'assign', memberId: raw.memberId as UserId } : undefined;
    case 'roundRobin':
    case 'leastLoaded':
      return isString(raw.teamId) ? { kind: raw.kind, teamId: raw.teamId } : undefined;
    case 'tag':
      return isString(raw.tag) && raw.tag !== '' ? { kind: 'tag', tag: raw.tag } : undefined;
    case 'priority':
      return oneOf(PRIORITIES, raw.priority) ? { kind: 'priority', priority: raw.priority } : undefined;
    case 'spam':
      return { kind: 'spam' };
    default:
      return undefined;
  }
}

function parseAll<T>(raw: unknown, parse: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const parsed = raw.map(parse);
  return parsed.every((item): item is T => item !== undefined) ? parsed : undefined;
}

/** The rule in a row, or undefined when any part of it is malformed (a half-understood rule must not run). */
export function parseRoutingRule(row: unknown): RoutingRuleRow | undefined {
  if (!isRow(row) || !isString(row.id) || typeof row.position !== 'number' || !Number.isFinite(row.position))
    return undefined;
  const conditions = parseAll(row.conditions, parseCondition);
  const actions = parseAll(row.actions, parseAction);
  if (!conditions || !actions || !oneOf(['all', 'any'] as const, row.match)) return undefined;
  return {
    id: row.id,
    name: isString(row.name) ? row.name : row.id,
    enabled: row.enabled === true,
    match: row.match,
    conditions,
    actions,
    continue: row.continue === true,
    position: row.position,
  };
}

/** The rules in evaluation order, and the ids of rows that could not be read. */
export function orderedRules(rows: Iterable<unknown>): { rules: RoutingRuleRow[]; invalid: string[] } {
  const rules: RoutingRuleRow[] = [];
  const invalid: string[] = [];
  for (const row of rows) {
    const rule = parseRoutingRule(row);
    if (rule) rules.push(rule);
    else invalid.push(isRow(row) && isString(row.id) ? row.id : '?');
  }
  rules.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules, invalid };
}

/** A position between two neighbours (either may be missing at the ends of the list). */
export function positionBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined) return after === undefined ? 0 : after - 1;
  return after === undefined ? before + 1 : (before + after) / 2;
}
