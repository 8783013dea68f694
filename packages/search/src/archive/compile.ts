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
      return c;
    case 'mixed':
      return { sql: `(d.id IN (${MATCH_SUBQUERY}) AND ${c.sql})`, params: [c.expr, ...c.params] };
  }
}

export function compileQuery(node: QueryNode, options: CompileOptions): Compiled {
  const textColumns = options.internal ? FTS_COLUMNS : PUBLIC_COLUMNS;
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
        if (n.field === 'tag')
          return {
            kind: 'sql',
            sql: 'd.id IN (SELECT doc FROM search_tag WHERE tag IN (SELECT value FROM json_each(?)))',
            params: [json],
          };
        return { kind: 'sql', sql: `d.${n.field} IN (SELECT value FROM json_each(?))`, params: [json] };
      }
      case 'has':
        return { kind: 'sql', sql: 'd.has_attachment = 1', params: [] };
      case 'date': {
        const at = startOfDay(n.date, options.timeZoneOffsetMinutes ?? 0);
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
        for (const child of n.children.map(compile)) {
          if (child.kind === 'fts') positive.push(child.expr);
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
          for (const expr of negative) {
            sql.push(`d.id NOT IN (${MATCH_SUBQUERY})`);
            params.push(expr);
          }
          if (sql.length === 0) return { kind: 'all' };
          return { kind: 'sql', sql: `(${sql.join(' AND ')})`, params };
        }
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
  return compile(node);
}
