// Pure core: QueryNode → one FTS5 MATCH expression (ranked with bm25) plus SQL predicates over
// search_doc. Text that FTS5 can express stays in MATCH; a text leaf under an OR with a metadata
// filter, or a negation with no positive text beside it, becomes an `id [NOT] IN (… MATCH …)` subquery.
import type { SQLInputValue } from 'node:sqlite';
import { startOfDay, type QueryNode, type TextField, type ValueField } from '../query/ast.ts';
import { patternOf, type TermPattern } from '../text/match.ts';
import { foldWord } from '../text/tokenize.ts';
import { FTS_COLUMNS, type FtsColumn } from './schema.ts';

export interface CompileOptions {
  /** Whether text may match internal content (comments, notes). */
  readonly internal: boolean;
  /** Zone of the user's calendar for before:/after:, minutes east of UTC. */
  readonly timeZoneOffsetMinutes?: number;
  /** Maps what the user typed to stored values (e.g. a mailbox name to its id). Default: as typed. */
  readonly resolveValue?: (field: ValueField, value: string) => readonly string[];
}

export type Compiled =
  | { readonly kind: 'all' }
  /** A metadata filter: FTS terms in the meta column when words drive the query, else SQL. */
  | {
      readonly kind: 'filter';
      /** The positive meta terms; `negated` says whether the filter excludes them. */
      readonly expr: string;
      readonly negated: boolean;
      readonly sql: string;
      readonly params: readonly SQLInputValue[];
    }
  | { readonly kind: 'fts'; readonly expr: string }
  | { readonly kind: 'neg'; readonly expr: string }
  | { readonly kind: 'sql'; readonly sql: string; readonly params: readonly SQLInputValue[] }
  | {
      readonly kind: 'mixed';
      readonly expr: string;
      readonly sql: string;
      readonly params: readonly SQLInputValue[];
    };

const FIELD_COLUMNS: Readonly<Record<TextField, readonly FtsColumn[]>> = {
  from: ['sender'],
  to: ['recipients'],
  filename: ['filenames'],
};
const PUBLIC_COLUMNS = FTS_COLUMNS.filter((c) => c !== 'internal');

/** Values stored folded, so `tag:VIP` finds `vip`. Ids are stored and matched as they are. */
export const FOLDED_FIELDS: ReadonlySet<ValueField> = new Set(['tag', 'status']);
export const foldValue = (value: string): string => foldWord(value.trim());

/** The meta-column term of a filter value (see META_COLUMN). */
export function metaTerm(field: ValueField | 'has', value: string): string {
  let hex = '';
  for (const byte of new TextEncoder().encode(value)) hex += byte.toString(16).padStart(2, '0');
  return `\ue000${field[0]}${field[1]}${hex}`;
}

/** Top-level date bounds, applied to row ids (which follow dates) instead of a column. */
export interface DateRange {
  readonly from: number | null;
  readonly to: number | null;
}

export function ftsPhrase(pattern: TermPattern): string {
  return `"${pattern.terms.join(' ')}"${pattern.prefixLast ? ' *' : ''}`;
}

const MATCH_SUBQUERY = 'SELECT rowid FROM search_fts WHERE search_fts MATCH ?';

function toSql(c: Compiled): { sql: string; params: readonly SQLInputValue[] } {
  switch (c.kind) {
    case 'all':
      return { sql: '1', params: [] };
    case 'fts':
      return { sql: `d.id IN (${MATCH_SUBQUERY})`, params: [c.expr] };
    case 'neg':
      return { sql: `d.id NOT IN (${MATCH_SUBQUERY})`, params: [c.expr] };
    case 'sql':
    case 'filter':
      return { sql: c.sql, params: c.params };
    case 'mixed':
      return { sql: `(d.id IN (${MATCH_SUBQUERY}) AND ${c.sql})`, params: [c.expr, ...c.params] };
  }
}

export function compileQuery(
  node: QueryNode,
  options: CompileOptions,
): { readonly compiled: Compiled; readonly range: DateRange } {
  const textColumns = options.internal ? FTS_COLUMNS : PUBLIC_COLUMNS;
  const tz = options.timeZoneOffsetMinutes ?? 0;
  const resolve = options.resolveValue ?? ((_field: ValueField, value: string) => [value]);

  const compile = (n: QueryNode): Compiled => {
    switch (n.type) {
      case 'text': {
        const pattern = patternOf(n);
        if (!pattern) return { kind: 'all' };
        const columns = n.field ? FIELD_COLUMNS[n.field] : textColumns;
        // no column filter when every column may match: FTS5 then skips reading positions per column
        const filter = columns.length === FTS_COLUMNS.length ? '' : `{${columns.join(' ')}} : `;
        return { kind: 'fts', expr: `${filter}${ftsPhrase(pattern)}` };
      }
      case 'value': {
        const values = resolve(n.field, n.value).map((v) => (FOLDED_FIELDS.has(n.field) ? foldValue(v) : v));
        const json = JSON.stringify(values);
        const expr =
          values.length === 0 ? '"\ue000none"' : values.map((v) => `"${metaTerm(n.field, v)}"`).join(' OR ');
        if (n.field === 'tag')
          return {
            kind: 'filter',
            expr,
            negated: false,
            sql: 'd.id IN (SELECT doc FROM search_tag WHERE tag IN (SELECT value FROM json_each(?)))',
            params: [json],
          };
        return {
          kind: 'filter',
          expr,
          negated: false,
          sql: `d.${n.field} IN (SELECT value FROM json_each(?))`,
          params: [json],
        };
      }
      case 'has':
        return {
          kind: 'filter',
          expr: `"${metaTerm('has', 'attachment')}"`,
          negated: false,
          sql: 'd.has_attachment = 1',
          params: [],
        };
      case 'date': {
        const at = startOfDay(n.date, tz);
        return { kind: 'sql', sql: n.op === 'before' ? 'd.date < ?' : 'd.date >= ?', params: [at] };
      }
      case 'not': {
        const c = compile(n.child);
        switch (c.kind) {
          case 'all':
            return { kind: 'all' };
          case 'fts':
            return { kind: 'neg', expr: c.expr };
          case 'neg':
            return { kind: 'fts', expr: c.expr };
          case 'filter':
            return {
              kind: 'filter',
              expr: c.expr,
              negated: !c.negated,
              sql: `NOT (${c.sql})`,
              params: c.params,
            };
          default: {
            const s = toSql(c);
            return { kind: 'sql', sql: `NOT (${s.sql})`, params: s.params };
          }
        }
      }
      case 'and': {
        const positive: string[] = [];
        const negative: string[] = [];
        const sql: string[] = [];
        const params: SQLInputValue[] = [];
        const filters: Array<Extract<Compiled, { kind: 'filter' }>> = [];
        for (const child of n.children.map(compile)) {
          if (child.kind === 'filter') filters.push(child);
          else if (child.kind === 'fts') positive.push(child.expr);
          else if (child.kind === 'neg') negative.push(child.expr);
          else if (child.kind === 'sql') {
            sql.push(child.sql);
            params.push(...child.params);
          } else if (child.kind === 'mixed') {
            positive.push(child.expr);
            sql.push(child.sql);
            params.push(...child.params);
          }
        }
        if (positive.length === 0) {
          for (const f of filters) {
            sql.push(f.sql);
            params.push(...f.params);
          }
          for (const expr of negative) {
            sql.push(`d.id NOT IN (${MATCH_SUBQUERY})`);
            params.push(expr);
          }
          if (sql.length === 0) return { kind: 'all' };
          return { kind: 'sql', sql: `(${sql.join(' AND ')})`, params };
        }
        // Words drive the query: filters join the MATCH as meta terms.
        for (const f of filters) (f.negated ? negative : positive).push(f.expr);
        let expr = positive.map((p) => `(${p})`).join(' AND ');
        for (const neg of negative) expr = `(${expr}) NOT (${neg})`;
        if (sql.length === 0) return { kind: 'fts', expr };
        return { kind: 'mixed', expr, sql: `(${sql.join(' AND ')})`, params };
      }
      case 'or': {
        const children = n.children.map(compile);
        if (children.some((c) => c.kind === 'all')) return { kind: 'all' };
        if (children.every((c) => c.kind === 'fts')) {
          return { kind: 'fts', expr: children.map((c) => `(${(c as { expr: string }).expr})`).join(' OR ') };
        }
        const parts = children.map(toSql);
        return {
          kind: 'sql',
          sql: `(${parts.map((p) => p.sql).join(' OR ')})`,
          params: parts.flatMap((p) => p.params),
        };
      }
    }
  };
  // Date bounds of a top-level AND become a row-id range (see DateRange).
  let from: number | null = null;
  let to: number | null = null;
  const dates = (n: QueryNode): boolean => n.type === 'date';
  const take = (n: Extract<QueryNode, { type: 'date' }>) => {
    const at = startOfDay(n.date, tz);
    if (n.op === 'after') from = from === null ? at : Math.max(from, at);
    else to = to === null ? at : Math.min(to, at);
  };
  let rest: QueryNode | null = node;
  if (node.type === 'date') {
    take(node);
    rest = null;
  } else if (node.type === 'and' && node.children.some(dates)) {
    for (const child of node.children) if (child.type === 'date') take(child);
    const others = node.children.filter((child) => !dates(child));
    rest = others.length === 0 ? null : others.length === 1 ? others[0]! : { type: 'and', children: others };
  }
  const compiled: Compiled = rest ? compile(rest) : { kind: 'all' };
  return {
    compiled:
      compiled.kind === 'filter' ? { kind: 'sql', sql: compiled.sql, params: compiled.params } : compiled,
    range: { from, to },
  };
}
