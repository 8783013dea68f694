// Pure: the rule editor's edits as functions from one immutable list of rules to the next, and
// the text form of list-valued fields ("valve, 阀门, ball valve"). The view model keeps the list;
// the model's `saveRoutingRules` writes it.
import type {
  MessageSummary,
  PreviewThread,
  RoutingCustomer,
  RoutingRule,
  RuleAction,
  RuleCondition,
  ThreadSummary,
  UserId,
} from '@wharf/model';

export type ConditionKind = RuleCondition['kind'];
export type ActionKind = RuleAction['kind'];

export const CONDITION_KINDS: readonly ConditionKind[] = [
  'mailbox',
  'alias',
  'senderDomain',
  'senderTld',
  'senderCountry',
  'language',
  'keyword',
  'product',
  'hasAttachment',
  'attachmentName',
];

export const ACTION_KINDS: readonly ActionKind[] = [
  'assign',
  'roundRobin',
  'leastLoaded',
  'tag',
  'priority',
  'spam',
];

/**
 * Items of a list typed in one field: commas, semicolons or new lines separate them, in their
 * full-width forms too (a Chinese keyboard types "，"). Spaces inside an item are kept ("ball valve").
 */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n，；、]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export const joinList = (items: readonly string[]): string => items.join(', ');

export function newCondition(kind: ConditionKind): RuleCondition {
  switch (kind) {
    case 'mailbox':
      return { kind, mailboxIds: [] };
    case 'alias':
      return { kind, addresses: [] };
    case 'senderDomain':
      return { kind, domains: [] };
    case 'senderTld':
      return { kind, tlds: [] };
    case 'senderCountry':
      return { kind, countries: [] };
    case 'language':
      return { kind, languages: [] };
    case 'keyword':
      return { kind, keywords: [], fields: ['subject', 'body'] };
    case 'product':
      return { kind, products: [], fields: ['subject', 'body'] };
    case 'hasAttachment':
      return { kind };
    case 'attachmentName':
      return { kind, patterns: [] };
  }
}

export function newAction(
  kind: ActionKind,
  defaults: { memberId?: UserId | undefined; teamId?: string | undefined },
): RuleAction {
  switch (kind) {
    case 'assign':
      return { kind, memberId: defaults.memberId ?? ('' as UserId) };
    case 'roundRobin':
    case 'leastLoaded':
      return { kind, teamId: defaults.teamId ?? '' };
    case 'tag':
      return { kind, tag: '' };
    case 'priority':
      return { kind, priority: 'high' };
    case 'spam':
      return { kind };
  }
}

export function newRule(id: string, name: string): RoutingRule {
  return { id, name, enabled: true, match: 'all', conditions: [], actions: [], continue: false };
}

export function replaceRule(
  rules: readonly RoutingRule[],
  id: string,
  change: (rule: RoutingRule) => RoutingRule,
): RoutingRule[] {
  return rules.map((rule) => (rule.id === id ? change(rule) : rule));
}

/** The list with the rule moved `by` places (clamped at the ends). */
export function moveRule(rules: readonly RoutingRule[], id: string, by: number): RoutingRule[] {
  const from = rules.findIndex((rule) => rule.id === id);
  if (from === -1) return [...rules];
  const to = Math.max(0, Math.min(rules.length - 1, from + by));
  const next = [...rules];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

/** The list with the rule dropped before the rule `beforeId` (or at the end when undefined). */
export function dropRule(
  rules: readonly RoutingRule[],
  id: string,
  beforeId: string | undefined,
): RoutingRule[] {
  const moved = rules.find((rule) => rule.id === id);
  if (!moved || id === beforeId) return [...rules];
  const rest = rules.filter((rule) => rule.id !== id);
  const at = beforeId === undefined ? rest.length : rest.findIndex((rule) => rule.id === beforeId);
  rest.splice(at === -1 ? rest.length : at, 0, moved);
  return rest;
}

export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((old, i) => (i === index ? item : old));
}

export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** Same value, compared as stored (JSON), so "edited" means "saving would write something". */
export const sameRules = (a: readonly RoutingRule[], b: readonly RoutingRule[]): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * A thread as the preview replays it, from what the browser holds: its inbox row. The row has the
 * subject and the first 80 characters of the newest message, not the whole text or the recipients,
 * so the preview judges body keywords and aliases on that much; attachments count as present or not.
 */
export function previewThreadFromRow(row: ThreadSummary, customer: RoutingCustomer | null): PreviewThread {
  const message: MessageSummary = {
    mailboxId: row.mailboxId,
    recipients: [],
    from: row.counterpart
      ? {
          address: row.counterpart.address,
          ...(row.counterpart.name === undefined ? {} : { name: row.counterpart.name }),
        }
      : { address: '' },
    subject: row.subject,
    text: row.snippet,
    attachmentNames: row.hasAttachments ? ['attachment'] : [],
  };
  return {
    threadId: row.threadId,
    message,
    customer,
    current: { assigneeId: row.assignee, tags: row.tags, priority: null, spam: false },
  };
}

/** The newest `count` threads, oldest first (the order the preview replays them in). */
export function recentRows(rows: readonly ThreadSummary[], count: number): ThreadSummary[] {
  return [...rows]
    .sort((a, b) => b.lastActivity - a.lastActivity || (a.threadId < b.threadId ? -1 : 1))
    .slice(0, count)
    .reverse();
}
