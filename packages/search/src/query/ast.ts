// The query AST both engines compile (archive: SQLite FTS5 + SQL; offline: lunr + direct scan).

/** Fields matched as text inside one indexed column. */
export type TextField = 'from' | 'to' | 'filename';
/** Fields matched by exact (folded) value against the message's metadata. */
export type ValueField = 'mailbox' | 'assignee' | 'tag' | 'customer' | 'status';

export type QueryNode =
  /** Words or a "phrase" over all searchable columns (or one field). Terms are not tokenized yet. */
  | {
      readonly type: 'text';
      readonly text: string;
      readonly field: TextField | null;
      readonly phrase: boolean;
      /** Match the last term as a prefix (the word being typed). */
      readonly prefix: boolean;
    }
  | { readonly type: 'value'; readonly field: ValueField; readonly value: string }
  | { readonly type: 'has'; readonly what: 'attachment' }
  /** `before:` is exclusive, `after:` inclusive, both at the start of the given day (see compile). */
  | { readonly type: 'date'; readonly op: 'before' | 'after'; readonly date: CalendarDate }
  | { readonly type: 'not'; readonly child: QueryNode }
  | { readonly type: 'and'; readonly children: readonly QueryNode[] }
  | { readonly type: 'or'; readonly children: readonly QueryNode[] };

export interface CalendarDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

/** Milliseconds at the start of `date` in a zone `offsetMinutes` east of UTC (UTC+8 → 480). */
export function startOfDay(date: CalendarDate, offsetMinutes = 0): number {
  return Date.UTC(date.year, date.month - 1, date.day) - offsetMinutes * 60_000;
}

/** Every text leaf reachable without passing through a `not`: what results should highlight. */
export function positiveTextLeaves(node: QueryNode | null): Extract<QueryNode, { type: 'text' }>[] {
  if (!node) return [];
  switch (node.type) {
    case 'text':
      return [node];
    case 'and':
    case 'or':
      return node.children.flatMap((child) => positiveTextLeaves(child));
    default:
      return [];
  }
}

/** Canonical text of a node, e.g. to echo filters as chips. */
export function formatQuery(node: QueryNode): string {
  switch (node.type) {
    case 'text': {
      const body = node.phrase || /[\s"():]/.test(node.text) ? `"${node.text.replace(/"/g, '')}"` : node.text;
      return (node.field ? `${node.field}:` : '') + body + (node.prefix ? '*' : '');
    }
    case 'value':
      return `${node.field}:${/[\s"()]/.test(node.value) ? `"${node.value}"` : node.value}`;
    case 'has':
      return 'has:attachment';
    case 'date': {
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${node.op}:${node.date.year}-${pad(node.date.month)}-${pad(node.date.day)}`;
    }
    case 'not':
      return node.child.type === 'and' || node.child.type === 'or'
        ? `-(${formatQuery(node.child)})`
        : `-${formatQuery(node.child)}`;
    case 'and':
      return node.children.map((c) => (c.type === 'or' ? `(${formatQuery(c)})` : formatQuery(c))).join(' ');
    case 'or':
      return node.children
        .map((c) => (c.type === 'and' ? `(${formatQuery(c)})` : formatQuery(c)))
        .join(' OR ');
  }
}
