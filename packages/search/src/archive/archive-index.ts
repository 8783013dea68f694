// The archive index: every message the bridge stores, in SQLite FTS5 inside the caller's database.
// Writes run inside a SAVEPOINT, so they join the caller's open transaction (the message row and its
// index row commit together) or stand alone atomically when there is none.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { MailboxId, MessageId, ThreadId } from '@wharf/model';
import {
  participantsText,
  type SearchDocument,
  type SearchHit,
  type SearchScope,
  type Snippet,
} from '../document.ts';
import { positiveTextLeaves, type QueryNode, type ValueField } from '../query/ast.ts';
import { parseQuery, type QueryWarning } from '../query/parse.ts';
import { highlightRanges, highlightWhole, snippetOf } from '../text/highlight.ts';
import { patternOf, type TermPattern } from '../text/match.ts';
import { scanTerms } from '../text/tokenize.ts';
import { compileQuery, foldValue, metaTerm, type Compiled, type DateRange } from './compile.ts';
import { BM25_WEIGHTS, ensureSchema, FTS_COLUMNS, META_COLUMN } from './schema.ts';

export interface ArchiveSearchOptions {
  readonly limit?: number;
  readonly offset?: number;
  /** Treat the last word as a prefix (results while typing). */
  readonly prefixLast?: boolean;
  readonly timeZoneOffsetMinutes?: number;
  readonly resolveValue?: (field: ValueField, value: string) => readonly string[];
  /** Skip snippets (ids and scores only). */
  readonly snippets?: boolean;
  /**
   * bm25 ranks the newest `rankWindow` matches (default 1,000); Infinity ranks every match. Row ids
   * follow message dates, so FTS5 walks matches newest first and stops: a word found in half the
   * archive costs the same as a rare one. Measured in bench/search (see README).
   */
  readonly rankWindow?: number;
}

export interface ArchiveSearchResult {
  readonly hits: readonly SearchHit[];
  /** More results exist beyond `offset + limit`. */
  readonly hasMore: boolean;
  readonly warnings: readonly QueryWarning[];
}

export interface RebuildProgress {
  readonly done: number;
  readonly total: number | null;
}

export interface RebuildOptions {
  readonly total?: number;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface ArchiveIndex {
  /** Insert or replace the message with this key. Call inside the transaction that writes the message. */
  upsert(doc: SearchDocument): void;
  remove(key: MessageId): boolean;
  has(key: MessageId): boolean;
  count(): number;
  search(
    query: string | QueryNode | null,
    scope: SearchScope,
    options?: ArchiveSearchOptions,
  ): ArchiveSearchResult;
  /** Empty the index and refill it from the store; each batch commits in its own transaction. */
  rebuild(
    source: Iterable<SearchDocument> | AsyncIterable<SearchDocument>,
    options?: RebuildOptions,
  ): Promise<number>;
  /** Merge FTS segments (after bulk loads). */
  optimize(): void;
}

/** Space-joined terms, then the characters that end CJK runs (see TermSink.runEnd). */
export function indexedText(text: string): string {
  if (text === '') return '';
  const out: string[] = [];
  let tails: string[] | null = null;
  scanTerms(text, {
    term: (term) => out.push(term),
    runEnd: (char) => (tails ??= []).push(char),
  });
  if (tails) out.push(...(tails as string[]));
  return out.join(' ');
}

interface DocRow {
  id: number;
  doc_key: string;
  mailbox: string;
  thread: string;
  date: number;
  score: number;
}

interface SourceRow {
  subject: string;
  participants: string;
  body: string;
  attachments: string;
  internal: string;
}

const DEFAULT_LIMIT = 20;
const DEFAULT_RANK_WINDOW = 1000;
/** Row id = date in ms × ID_SLOTS + n: FTS5's rowid order is date order. Safe in doubles until 2248. */
const ID_SLOTS = 1024;
const bm25 = `bm25(search_fts, ${FTS_COLUMNS.map((c) => BM25_WEIGHTS[c]).join(', ')}, 0)`;

function metaText(doc: SearchDocument): string {
  const terms = [metaTerm('mailbox', doc.mailbox)];
  if (doc.attachments.length > 0) terms.push(metaTerm('has', 'attachment'));
  if (doc.status) terms.push(metaTerm('status', foldValue(doc.status)));
  if (doc.assignee) terms.push(metaTerm('assignee', doc.assignee));
  if (doc.customer) terms.push(metaTerm('customer', doc.customer));
  for (const tag of new Set((doc.tags ?? []).map(foldValue))) terms.push(metaTerm('tag', tag));
  return terms.join(' ');
}

export function createArchiveIndex(db: DatabaseSync): ArchiveIndex {
  ensureSchema(db);
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let stmt = statements.get(sql);
    if (!stmt) {
      if (statements.size > 256) statements.clear();
      stmt = db.prepare(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };

  const savepoint = <T>(name: string, fn: () => T): T => {
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw error;
    }
  };

  const idOf = (key: string): number | undefined =>
    (prepare('SELECT id FROM search_doc WHERE doc_key = ?').get(key) as { id: number } | undefined)?.id;

  const deleteRows = (id: number) => {
    prepare('DELETE FROM search_fts WHERE rowid = ?').run(id);
    prepare('DELETE FROM search_tag WHERE doc = ?').run(id);
    prepare('DELETE FROM search_source WHERE id = ?').run(id);
    prepare('DELETE FROM search_doc WHERE id = ?').run(id);
  };

  const writeDoc = (doc: SearchDocument) => {
    const existing = idOf(doc.key);
    const meta: SQLInputValue[] = [
      doc.mailbox,
      doc.thread,
      doc.date,
      doc.status ? foldValue(doc.status) : null,
      doc.assignee ?? null,
      doc.customer ?? null,
      doc.attachments.length > 0 ? 1 : 0,
    ];
    if (existing !== undefined) deleteRows(existing);
    const base = Math.floor(doc.date) * ID_SLOTS;
    const taken = prepare('SELECT max(id) AS id FROM search_doc WHERE id >= ? AND id < ?').get(
      base,
      base + ID_SLOTS,
    ) as {
      id: number | null;
    };
    // More than ID_SLOTS messages in one millisecond (e.g. mail without a Date header, all at 0):
    // the next free id after the slot's start, spilling into the following milliseconds, which
    // shifts those rows' date order by at most a few ms instead of failing the caller's transaction.
    const id =
      taken.id === null
        ? base
        : taken.id + 1 < base + ID_SLOTS
          ? taken.id + 1
          : (
              prepare(
                `SELECT a.id + 1 AS id FROM search_doc a WHERE a.id >= ?
                 AND NOT EXISTS (SELECT 1 FROM search_doc b WHERE b.id = a.id + 1) ORDER BY a.id LIMIT 1`,
              ).get(base) as { id: number }
            ).id;
    prepare(
      `INSERT INTO search_doc (id, doc_key, mailbox, thread, date, status, assignee, customer, has_attachment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, doc.key, ...meta);
    prepare(
      'INSERT INTO search_source (id, subject, participants, body, attachments, internal) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      id,
      doc.subject,
      participantsText([...doc.from, ...doc.to]),
      doc.body,
      JSON.stringify(doc.attachments.map((a) => [a.filename, a.text])),
      JSON.stringify(doc.internal),
    );
    prepare(
      `INSERT INTO search_fts (rowid, ${FTS_COLUMNS.join(', ')}, ${META_COLUMN}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      indexedText(doc.subject),
      indexedText(participantsText(doc.from)),
      indexedText(participantsText(doc.to)),
      indexedText(doc.body),
      indexedText(doc.attachments.map((a) => a.text).join('\n')),
      indexedText(doc.attachments.map((a) => a.filename).join('\n')),
      indexedText(doc.internal.join('\n')),
      metaText(doc),
    );
    for (const tag of new Set((doc.tags ?? []).map(foldValue))) {
      prepare('INSERT INTO search_tag (tag, doc) VALUES (?, ?)').run(tag, id);
    }
  };

  const selectFor = (
    query: { readonly compiled: Compiled; readonly range: DateRange },
    mailboxes: readonly MailboxId[],
    rankWindow: number,
  ) => {
    const { compiled, range } = query;
    const scope = 'd.mailbox IN (SELECT value FROM json_each(?))';
    const scopeParams: SQLInputValue[] = [JSON.stringify(mailboxes)];
    // Row ids follow dates: before:/after: are row-id bounds, which FTS5 seeks to directly.
    const bounds = (column: string) => {
      const sql: string[] = [];
      const params: SQLInputValue[] = [];
      if (range.from !== null) {
        sql.push(`${column} >= ?`);
        params.push(range.from * ID_SLOTS);
      }
      if (range.to !== null) {
        sql.push(`${column} < ?`);
        params.push(range.to * ID_SLOTS);
      }
      return { sql: sql.map((x) => ` AND ${x}`).join(''), params };
    };
    switch (compiled.kind) {
      case 'fts':
      case 'mixed': {
        const b = bounds('search_fts.rowid');
        return {
          ranked: true,
          sql: `SELECT * FROM (
                  SELECT d.id, d.doc_key, d.mailbox, d.thread, d.date, -${bm25} AS score
                  FROM search_fts CROSS JOIN search_doc d ON d.id = search_fts.rowid
                  WHERE search_fts MATCH ?${b.sql} AND ${scope}${compiled.kind === 'mixed' ? ` AND ${compiled.sql}` : ''}
                  ORDER BY search_fts.rowid DESC LIMIT ?)`,
          params: [
            compiled.expr,
            ...b.params,
            ...scopeParams,
            ...(compiled.kind === 'mixed' ? compiled.params : []),
            Number.isFinite(rankWindow) ? rankWindow : -1,
          ],
        };
      }
      default: {
        const b = bounds('d.id');
        const where =
          compiled.kind === 'all'
            ? { sql: '1', params: [] as SQLInputValue[] }
            : compiled.kind === 'neg'
              ? {
                  sql: 'd.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)',
                  params: [compiled.expr],
                }
              : compiled;
        return {
          ranked: false,
          sql: `SELECT * FROM (SELECT d.id, d.doc_key, d.mailbox, d.thread, d.date, 0 AS score
                FROM search_doc d WHERE ${scope}${b.sql} AND ${where.sql})`,
          params: [...scopeParams, ...b.params, ...where.params],
        };
      }
    }
  };

  const snippetFor = (id: number, patterns: readonly TermPattern[], internal: boolean) => {
    const row = prepare(
      'SELECT subject, participants, body, attachments, internal FROM search_source WHERE id = ?',
    ).get(id) as unknown as SourceRow;
    const subject = highlightWhole(row.subject, patterns);
    const sources: Array<{ source: Snippet['source']; text: string; filename?: string }> = [
      { source: 'body', text: row.body },
    ];
    for (const [filename, text] of JSON.parse(row.attachments) as Array<[string, string]>) {
      sources.push({ source: 'attachment', text, filename });
      sources.push({ source: 'attachment', text: filename, filename });
    }
    if (internal)
      for (const text of JSON.parse(row.internal) as string[]) sources.push({ source: 'internal', text });
    sources.push({ source: 'participants', text: row.participants });
    let snippet: Snippet | null = null;
    for (const s of sources) {
      const ranges = highlightRanges(s.text, patterns);
      if (ranges.length > 0) {
        snippet = {
          ...snippetOf(s.text, ranges),
          source: s.source,
          ...(s.filename ? { filename: s.filename } : {}),
        };
        break;
      }
    }
    snippet ??= { ...snippetOf(row.body, []), source: 'body' };
    return { subject, snippet };
  };

  return {
    upsert(doc) {
      savepoint('search_upsert', () => writeDoc(doc));
    },

    remove(key) {
      return savepoint('search_remove', () => {
        const id = idOf(key);
        if (id === undefined) return false;
        deleteRows(id);
        return true;
      });
    },

    has(key) {
      return idOf(key) !== undefined;
    },

    count() {
      return (prepare('SELECT count(*) AS n FROM search_doc').get() as { n: number }).n;
    },

    search(query, scope, options = {}) {
      const parsed =
        typeof query === 'string'
          ? parseQuery(query, { prefixLast: options.prefixLast ?? false })
          : { ast: query, warnings: [] };
      const limit = options.limit ?? DEFAULT_LIMIT;
      const offset = options.offset ?? 0;
      if (!parsed.ast || scope.readable.length === 0)
        return { hits: [], hasMore: false, warnings: parsed.warnings };

      const readable = new Set(scope.readable);
      const withInternal = scope.internal.filter((m) => readable.has(m));
      const internalSet = new Set(withInternal);
      const withoutInternal = scope.readable.filter((m) => !internalSet.has(m));
      const rankWindow = options.rankWindow ?? DEFAULT_RANK_WINDOW;
      const compileOptions = {
        timeZoneOffsetMinutes: options.timeZoneOffsetMinutes ?? 0,
        ...(options.resolveValue ? { resolveValue: options.resolveValue } : {}),
      };
      // Where the user is a member, text may match internal content; elsewhere it may not. A user
      // who is not an admin is a member of every mailbox they read, so this is one branch unless
      // an admin searches mailboxes they are not a member of.
      const branches = [
        ...(withInternal.length > 0
          ? [
              selectFor(
                compileQuery(parsed.ast, { ...compileOptions, internal: true }),
                withInternal,
                rankWindow,
              ),
            ]
          : []),
        ...(withoutInternal.length > 0
          ? [
              selectFor(
                compileQuery(parsed.ast, { ...compileOptions, internal: false }),
                withoutInternal,
                rankWindow,
              ),
            ]
          : []),
      ];
      const ranked = branches[0]!.ranked;
      const order = ranked ? 'score DESC, date DESC' : 'date DESC, id DESC';
      const sql = `${branches.map((b) => b.sql).join(' UNION ALL ')} ORDER BY ${order} LIMIT ? OFFSET ?`;
      const rows = prepare(sql).all(
        ...branches.flatMap((b) => b.params),
        limit + 1,
        offset,
      ) as unknown as DocRow[];
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);

      const patterns = positiveTextLeaves(parsed.ast)
        .map(patternOf)
        .filter((p): p is TermPattern => p !== null);
      const hits = page.map((row): SearchHit => {
        const texts =
          options.snippets === false
            ? {
                subject: { text: '', highlights: [] },
                snippet: { text: '', highlights: [], source: 'body' as const },
              }
            : snippetFor(row.id, patterns, internalSet.has(row.mailbox as MailboxId));
        return {
          key: row.doc_key as MessageId,
          mailbox: row.mailbox as MailboxId,
          thread: row.thread as ThreadId,
          date: row.date,
          score: row.score,
          ...texts,
        };
      });
      return { hits, hasMore, warnings: parsed.warnings };
    },

    async rebuild(source, options = {}) {
      const batchSize = options.batchSize ?? 500;
      const total = options.total ?? null;
      let done = 0;
      let inBatch = 0;
      db.exec('BEGIN');
      try {
        db.exec(
          "DELETE FROM search_tag; DELETE FROM search_source; DELETE FROM search_doc; INSERT INTO search_fts (search_fts) VALUES ('delete-all');",
        );
        for await (const doc of source) {
          writeDoc(doc);
          done++;
          if (++inBatch >= batchSize) {
            db.exec('COMMIT');
            options.onProgress?.({ done, total });
            inBatch = 0;
            db.exec('BEGIN');
          }
        }
        db.exec('COMMIT');
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
      options.onProgress?.({ done, total });
      this.optimize();
      return done;
    },

    optimize() {
      db.exec("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
    },
  };
}
