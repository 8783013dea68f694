// The archive index: every message the bridge stores, in SQLite FTS5 inside the caller's database.
// Writes join the caller's open transaction (the message row and its index row commit together) or
// run in their own when there is none.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { CustomerId, MailboxId, MessageId, ThreadId, UserId } from '@wharf/model';
import {
  participantsText,
  type SearchAttachment,
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

/**
 * Fields of a thread that the messages do not carry (the bridge reads them from the docs). Once
 * set they override every message's own status, assignee, customer and tags in that thread, and
 * the internal content is indexed on the thread's newest message. A null customer (not known yet:
 * the bridge's threads get theirs when routed) leaves each message's own.
 */
export interface ThreadFields {
  readonly mailbox: MailboxId;
  readonly thread: ThreadId;
  readonly status: string | null;
  readonly assignee: UserId | null;
  /** Null: each message keeps its own (see above). */
  readonly customer: CustomerId | null;
  readonly tags: readonly string[];
  /** Comments and notes: searchable only where the scope grants internal content. */
  readonly internal: readonly string[];
  /** The caller's mark of which version of `internal` this is (the bridge: the row's fingerprint). */
  readonly internalVersion: string | null;
  /** Where the caller read these fields (the bridge: the index bucket), for its own bookkeeping. */
  readonly seenIn: string | null;
}

export interface ArchiveIndex {
  /** True when the index was created empty because an older schema was dropped: refill it. */
  readonly wasReset: boolean;
  /** Insert or replace the message with this key. Call inside the transaction that writes the message. */
  upsert(doc: SearchDocument): void;
  /**
   * `upsert` for a batch, written oldest first: row ids follow dates, and FTS5 flushes its pending
   * terms into a new segment whenever a row id goes down (a newest-first batch cost a segment per
   * message).
   */
  upsertMany(docs: readonly SearchDocument[]): void;
  remove(key: MessageId): boolean;
  /** Stores a thread's fields and rewrites those of its messages' rows they change; returns how many. */
  setThread(fields: ThreadFields): number;
  /** `setThread` for many threads at once, their rows rewritten in row order. */
  setThreads(list: readonly ThreadFields[]): number;
  thread(mailbox: MailboxId, thread: ThreadId): ThreadFields | undefined;
  /** Distinct `seenIn` values of a mailbox's threads. */
  threadsSeenIn(mailbox: MailboxId): string[];
  /** Drops the thread fields of a mailbox (its messages are removed one by one with `remove`). */
  forgetThreads(mailbox: MailboxId): void;
  has(key: MessageId): boolean;
  /** What was indexed of a message's attachments, with the reason where the text is missing. */
  indexedAttachments(key: MessageId): SearchAttachment[];
  count(): number;
  search(
    query: string | QueryNode | null,
    scope: SearchScope,
    options?: ArchiveSearchOptions,
  ): ArchiveSearchResult;
  /**
   * Rewrites every message from `source` in place, batch by batch (each batch one transaction,
   * written synchronously once collected), then drops the rows the source did not yield. Searches
   * keep answering throughout: a message keeps its old row until its new one replaces it. Thread
   * fields (`setThread`) are kept. Upserts made meanwhile count as rewritten.
   */
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
  sender: string;
  recipients: string;
  body: string;
  attachments: string;
  internal: string;
}

type StoredAttachment = readonly [filename: string, text: string, skipped?: string];

/** What a message row's FTS columns are made of. */
interface RowText {
  subject: string;
  sender: string;
  recipients: string;
  body: string;
  /** [filename, text] or [filename, '', why the text is missing]. */
  attachments: ReadonlyArray<StoredAttachment>;
  internal: readonly string[];
}

interface RowMeta {
  mailbox: string;
  hasAttachment: boolean;
  status: string | null;
  assignee: string | null;
  customer: string | null;
  tags: readonly string[];
}

interface ThreadRow {
  mailbox: string;
  thread: string;
  status: string | null;
  assignee: string | null;
  customer: string | null;
  tags: string;
  internal: string;
  internal_version: string | null;
  seen_in: string | null;
}

const DEFAULT_LIMIT = 20;
const DEFAULT_RANK_WINDOW = 1000;
/** Row id = date in ms × ID_SLOTS + n: FTS5's rowid order is date order. Safe in doubles until 2248. */
const ID_SLOTS = 1024;
const bm25 = `bm25(search_fts, ${FTS_COLUMNS.map((c) => BM25_WEIGHTS[c]).join(', ')}, 0)`;

const oldestFirst = (docs: readonly SearchDocument[]) => docs.toSorted((a, b) => a.date - b.date);

function metaText(meta: RowMeta): string {
  const terms = [metaTerm('mailbox', meta.mailbox)];
  if (meta.hasAttachment) terms.push(metaTerm('has', 'attachment'));
  if (meta.status) terms.push(metaTerm('status', meta.status));
  if (meta.assignee) terms.push(metaTerm('assignee', meta.assignee));
  if (meta.customer) terms.push(metaTerm('customer', meta.customer));
  for (const tag of meta.tags) terms.push(metaTerm('tag', tag));
  return terms.join(' ');
}

const foldTags = (tags: readonly string[] | undefined) => [...new Set((tags ?? []).map(foldValue))];

const threadFieldsOf = (row: ThreadRow): ThreadFields => ({
  mailbox: row.mailbox as MailboxId,
  thread: row.thread as ThreadId,
  status: row.status,
  assignee: row.assignee as UserId | null,
  customer: row.customer as CustomerId | null,
  tags: JSON.parse(row.tags) as string[],
  internal: JSON.parse(row.internal) as string[],
  internalVersion: row.internal_version,
  seenIn: row.seen_in,
});

export function createArchiveIndex(db: DatabaseSync): ArchiveIndex {
  const wasReset = ensureSchema(db) === 'reset';
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

  /** Per millisecond slot that overflowed: the last id its spill took (see writeDoc). */
  const spillFrom = new Map<number, number>();

  /**
   * Runs `fn` atomically. Inside the caller's transaction it just runs: the index rows commit or roll
   * back with the caller's rows (a caller that catches a throw must roll back). Not a SAVEPOINT: FTS5
   * flushes its pending terms into a new segment at every savepoint, which made one write per
   * message cost a segment per message (measured: inserts 2.5x slower, bench/ingest).
   */
  const atomic = <T>(fn: () => T): T => {
    if (db.isTransaction) return fn();
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
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

  let generation = Number(
    (prepare("SELECT value FROM search_meta WHERE key = 'generation'").get() as { value: string }).value,
  );

  const threadRow = (mailbox: string, thread: string) =>
    prepare('SELECT * FROM search_thread WHERE mailbox = ? AND thread = ?').get(mailbox, thread) as
      ThreadRow | undefined;
  /** The thread's newest message row: the one that carries the thread's internal content. */
  const newestOf = (mailbox: string, thread: string) =>
    (
      prepare('SELECT max(id) AS id FROM search_doc WHERE mailbox = ? AND thread = ?').get(
        mailbox,
        thread,
      ) as {
        id: number | null;
      }
    ).id;

  const writeRow = (id: number, text: RowText, meta: RowMeta) => {
    // a row rewritten in place (replaceRow) keeps its id: its source is replaced
    prepare(
      `INSERT INTO search_source (id, subject, sender, recipients, body, attachments, internal) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, sender = excluded.sender,
         recipients = excluded.recipients, body = excluded.body, attachments = excluded.attachments,
         internal = excluded.internal`,
    ).run(
      id,
      text.subject,
      text.sender,
      text.recipients,
      text.body,
      JSON.stringify(text.attachments),
      JSON.stringify(text.internal),
    );
    writeTerms(id, text, meta);
  };

  /** The row's FTS terms and tags (its source text is stored apart, see writeRow). */
  const writeTerms = (id: number, text: RowText, meta: RowMeta) => {
    prepare(
      `INSERT INTO search_fts (rowid, ${FTS_COLUMNS.join(', ')}, ${META_COLUMN}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      indexedText(text.subject),
      indexedText(text.sender),
      indexedText(text.recipients),
      indexedText(text.body),
      indexedText(text.attachments.map((a) => a[1]).join('\n')),
      indexedText(text.attachments.map((a) => a[0]).join('\n')),
      indexedText(text.internal.join('\n')),
      metaText(meta),
    );
    for (const tag of meta.tags) prepare('INSERT INTO search_tag (tag, doc) VALUES (?, ?)').run(tag, id);
  };

  /** A row's tags, sorted, as JSON (compared with a thread's). */
  const tagsOfRow = (id: number) =>
    JSON.stringify(
      (
        prepare('SELECT tag FROM search_tag WHERE doc = ? ORDER BY tag').all(id) as Array<{ tag: string }>
      ).map((r) => r.tag),
    );

  /** Rewrites one message row with its thread's current fields (after setThread or a newer message). */
  const rewriteRow = (id: number, thread: ThreadRow) => {
    const d = prepare('SELECT has_attachment, customer FROM search_doc WHERE id = ?').get(id) as {
      has_attachment: number;
      customer: string | null;
    };
    const customer = thread.customer ?? d.customer;
    const source = prepare(
      'SELECT subject, sender, recipients, body, attachments FROM search_source WHERE id = ?',
    ).get(id) as unknown as Omit<SourceRow, 'internal'>;
    const tags = JSON.parse(thread.tags) as string[];
    const internal =
      id === newestOf(thread.mailbox, thread.thread) ? (JSON.parse(thread.internal) as string[]) : [];
    prepare('DELETE FROM search_fts WHERE rowid = ?').run(id);
    prepare('DELETE FROM search_tag WHERE doc = ?').run(id);
    // the message's own text stays where it is: only the internal content can differ
    prepare('UPDATE search_source SET internal = ? WHERE id = ?').run(JSON.stringify(internal), id);
    prepare('UPDATE search_doc SET status = ?, assignee = ?, customer = ?, gen = ? WHERE id = ?').run(
      thread.status,
      thread.assignee,
      customer,
      generation,
      id,
    );
    writeTerms(
      id,
      { ...source, attachments: JSON.parse(source.attachments) as StoredAttachment[], internal },
      { ...thread, customer, hasAttachment: d.has_attachment === 1, tags },
    );
  };

  /** A message's filter values: its thread's where the thread has some (setThread), else its own. */
  const rowMetaOf = (doc: SearchDocument, thread: ThreadRow | undefined): RowMeta => ({
    ...(thread
      ? {
          status: thread.status,
          assignee: thread.assignee,
          customer: thread.customer ?? doc.customer ?? null,
          tags: JSON.parse(thread.tags) as string[],
        }
      : {
          status: doc.status ? foldValue(doc.status) : null,
          assignee: doc.assignee ?? null,
          customer: doc.customer ?? null,
          tags: foldTags(doc.tags),
        }),
    mailbox: doc.mailbox,
    hasAttachment: doc.attachments.length > 0,
  });

  const rowTextOf = (doc: SearchDocument, internal: readonly string[]): RowText => ({
    subject: doc.subject,
    sender: participantsText(doc.from),
    recipients: participantsText(doc.to),
    body: doc.body,
    attachments: doc.attachments.map((a): StoredAttachment =>
      a.skipped ? [a.filename, a.text, a.skipped] : [a.filename, a.text],
    ),
    internal,
  });

  /** Rewrites an existing row's text, terms and filter values; its id (its date order) stays. */
  const replaceRow = (id: number, doc: SearchDocument, meta: RowMeta, thread: ThreadRow | undefined) => {
    const internal = thread
      ? id === newestOf(doc.mailbox, doc.thread)
        ? (JSON.parse(thread.internal) as string[])
        : []
      : doc.internal;
    prepare('DELETE FROM search_fts WHERE rowid = ?').run(id);
    prepare('DELETE FROM search_tag WHERE doc = ?').run(id);
    prepare(
      'UPDATE search_doc SET status = ?, assignee = ?, customer = ?, has_attachment = ?, gen = ? WHERE id = ?',
    ).run(meta.status, meta.assignee, meta.customer, meta.hasAttachment ? 1 : 0, generation, id);
    writeRow(id, rowTextOf(doc, internal), meta);
  };

  const writeDoc = (doc: SearchDocument) => {
    const existing = prepare('SELECT id, mailbox, thread, date FROM search_doc WHERE doc_key = ?').get(
      doc.key,
    ) as Pick<DocRow, 'id' | 'mailbox' | 'thread' | 'date'> | undefined;
    const thread = threadRow(doc.mailbox, doc.thread);
    const meta = rowMetaOf(doc, thread);
    if (
      existing &&
      existing.mailbox === doc.mailbox &&
      existing.thread === doc.thread &&
      existing.date === doc.date
    ) {
      // the same message again (its body after its metadata, a re-fetch): rewritten in place, so
      // its id and its metadata row's index entries stay; only the terms and the text change
      replaceRow(existing.id, doc, meta, thread);
      return;
    }
    if (existing) deleteRows(existing.id);
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
    const spill = () => {
      // Start where this slot's last spill ended: everything from `base` up to there was taken.
      // Scanning from `base` each time made 20,000 same-millisecond messages quadratic (bench/ingest:
      // the metadata pass took minutes).
      const from = spillFrom.get(base) ?? base;
      // that id may have been freed since (a message re-indexed with its body deletes its row first)
      const free = prepare('SELECT 1 FROM search_doc WHERE id = ?').get(from) === undefined;
      const next = free
        ? from
        : (
            prepare(
              `SELECT a.id + 1 AS id FROM search_doc a WHERE a.id >= ?
               AND NOT EXISTS (SELECT 1 FROM search_doc b WHERE b.id = a.id + 1) ORDER BY a.id LIMIT 1`,
            ).get(from) as { id: number }
          ).id;
      spillFrom.set(base, next);
      return next;
    };
    const id = taken.id === null ? base : taken.id + 1 < base + ID_SLOTS ? taken.id + 1 : spill();
    const previousNewest = thread ? newestOf(doc.mailbox, doc.thread) : null;
    const isNewest = previousNewest === null || id > previousNewest;
    prepare(
      `INSERT INTO search_doc (id, doc_key, mailbox, thread, date, status, assignee, customer, has_attachment, gen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      doc.key,
      doc.mailbox,
      doc.thread,
      doc.date,
      meta.status,
      meta.assignee,
      meta.customer,
      meta.hasAttachment ? 1 : 0,
      generation,
    );
    writeRow(
      id,
      rowTextOf(doc, thread ? (isNewest ? (JSON.parse(thread.internal) as string[]) : []) : doc.internal),
      meta,
    );
    // the thread's internal content moves to its new newest message
    if (thread && isNewest && previousNewest !== null && thread.internal !== '[]')
      rewriteRow(previousNewest, thread);
  };

  /** After a row left a thread: if it held the thread's internal content, the new newest takes it. */
  const settleThread = (mailbox: string, thread: string, removedId: number) => {
    const t = threadRow(mailbox, thread);
    if (!t || t.internal === '[]') return;
    const newest = newestOf(mailbox, thread);
    if (newest !== null && newest < removedId) rewriteRow(newest, t);
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
      'SELECT subject, sender, recipients, body, attachments, internal FROM search_source WHERE id = ?',
    ).get(id) as unknown as SourceRow;
    const subject = highlightWhole(row.subject, patterns);
    const sources: Array<{ source: Snippet['source']; text: string; filename?: string }> = [
      { source: 'body', text: row.body },
    ];
    for (const [filename, text] of JSON.parse(row.attachments) as StoredAttachment[]) {
      sources.push({ source: 'attachment', text, filename });
      sources.push({ source: 'attachment', text: filename, filename });
    }
    if (internal)
      for (const text of JSON.parse(row.internal) as string[]) sources.push({ source: 'internal', text });
    sources.push({
      source: 'participants',
      text: [row.sender, row.recipients].filter((p) => p !== '').join(', '),
    });
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
      atomic(() => writeDoc(doc));
    },

    upsertMany(docs) {
      atomic(() => {
        for (const doc of oldestFirst(docs)) writeDoc(doc);
      });
    },

    wasReset,

    remove(key) {
      return atomic(() => {
        const row = prepare('SELECT id, mailbox, thread FROM search_doc WHERE doc_key = ?').get(key) as
          { id: number; mailbox: string; thread: string } | undefined;
        if (!row) return false;
        deleteRows(row.id);
        settleThread(row.mailbox, row.thread, row.id);
        return true;
      });
    },

    setThread(fields) {
      return this.setThreads([fields]);
    },

    setThreads(list) {
      return atomic(() => {
        const rewrite: Array<{ id: number; thread: ThreadRow }> = [];
        for (const fields of list) {
          const before = threadRow(fields.mailbox, fields.thread);
          prepare(
            `INSERT OR REPLACE INTO search_thread
               (mailbox, thread, status, assignee, customer, tags, internal, internal_version, seen_in)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            fields.mailbox,
            fields.thread,
            fields.status ? foldValue(fields.status) : null,
            fields.assignee,
            fields.customer,
            JSON.stringify(foldTags(fields.tags)),
            JSON.stringify(fields.internal.filter((text) => text.trim() !== '')),
            fields.internalVersion,
            fields.seenIn,
          );
          const thread = threadRow(fields.mailbox, fields.thread)!;
          const tags = JSON.stringify((JSON.parse(thread.tags) as string[]).toSorted());
          const newest = newestOf(fields.mailbox, fields.thread);
          const internalMoved = (before?.internal ?? '[]') !== thread.internal;
          // A row is rewritten (its text tokenized again) only when what it carries changes: an
          // initial sync sets every new thread's fields, mostly to what its rows already say.
          for (const row of prepare(
            'SELECT id, status, assignee, customer FROM search_doc WHERE mailbox = ? AND thread = ?',
          ).all(fields.mailbox, fields.thread) as Array<
            Pick<ThreadRow, 'status' | 'assignee' | 'customer'> & { id: number }
          >)
            if (
              (internalMoved && row.id === newest) ||
              row.status !== thread.status ||
              row.assignee !== thread.assignee ||
              (thread.customer !== null && row.customer !== thread.customer) ||
              tagsOfRow(row.id) !== tags
            )
              rewrite.push({ id: row.id, thread });
        }
        // in row order across the threads (FTS5 flushes a segment whenever a row id goes down)
        for (const { id, thread } of rewrite.sort((a, b) => a.id - b.id)) rewriteRow(id, thread);
        return rewrite.length;
      });
    },

    thread(mailbox, thread) {
      const row = threadRow(mailbox, thread);
      return row ? threadFieldsOf(row) : undefined;
    },

    threadsSeenIn(mailbox) {
      return (
        prepare('SELECT DISTINCT seen_in FROM search_thread WHERE mailbox = ? AND seen_in IS NOT NULL').all(
          mailbox,
        ) as Array<{ seen_in: string }>
      ).map((r) => r.seen_in);
    },

    forgetThreads(mailbox) {
      prepare('DELETE FROM search_thread WHERE mailbox = ?').run(mailbox);
    },

    has(key) {
      return idOf(key) !== undefined;
    },

    indexedAttachments(key) {
      const row = prepare(
        'SELECT s.attachments FROM search_source s JOIN search_doc d ON d.id = s.id WHERE d.doc_key = ?',
      ).get(key) as { attachments: string } | undefined;
      return row
        ? (JSON.parse(row.attachments) as StoredAttachment[]).map(([filename, text, skipped]) => ({
            filename,
            text,
            ...(skipped ? { skipped } : {}),
          }))
        : [];
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
      generation += 1;
      prepare("UPDATE search_meta SET value = ? WHERE key = 'generation'").run(String(generation));
      const rebuilding = generation;
      let done = 0;
      let batch: SearchDocument[] = [];
      // Collected while the source is awaited, written without awaiting: a transaction never stays
      // open across an await, so the caller's other writers on this connection are never inside it.
      const flush = () => {
        this.upsertMany(batch);
        done += batch.length;
        batch = [];
        options.onProgress?.({ done, total });
      };
      for await (const doc of source) {
        if (generation !== rebuilding) throw new Error('another rebuild started');
        batch.push(doc);
        if (batch.length >= batchSize) flush();
      }
      flush();
      atomic(() => {
        const stale = prepare('SELECT id, mailbox, thread FROM search_doc WHERE gen < ?').all(
          rebuilding,
        ) as Array<{
          id: number;
          mailbox: string;
          thread: string;
        }>;
        for (const row of stale) deleteRows(row.id);
        for (const row of stale) settleThread(row.mailbox, row.thread, row.id);
      });
      this.optimize();
      return done;
    },

    optimize() {
      db.exec("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
    },
  };
}
