// Tables of the archive index, created in the caller's database (the mail bridge's store), so index
// rows commit or roll back with the message rows. The FTS table is contentless: it holds only the
// pre-tokenized terms; the original text (snippets, rewrites) lives in search_source.
import type { DatabaseSync } from 'node:sqlite';
import { TOKENIZER_VERSION } from '../text/tokenize.ts';

/** FTS columns in order; bm25 weights below follow the same order. */
export const FTS_COLUMNS = [
  'subject',
  'sender',
  'recipients',
  'body',
  'attachments',
  'filenames',
  'internal',
] as const;
export type FtsColumn = (typeof FTS_COLUMNS)[number];
/**
 * Filter values as FTS terms (mailbox, status, tags, …), so a filter next to words is a doclist
 * intersection inside FTS5 instead of a join per match. Each term starts with U+E000: unicode61
 * keeps private-use characters in tokens and our tokenizer never emits them, so no typed text can
 * reach this column.
 */
export const META_COLUMN = 'meta';
export const BM25_WEIGHTS: Readonly<Record<FtsColumn, number>> = {
  subject: 6,
  sender: 3,
  recipients: 2,
  body: 1,
  attachments: 0.8,
  filenames: 2,
  // Internal content decides whether a message matches (for members) but never its rank, so ranking
  // cannot hint at comments a non-member may not read when both share one query.
  internal: 0,
};

export const SCHEMA_VERSION = 3;
/** Tables and terms: an index written by another schema or tokenizer version is recreated. */
const INDEX_VERSION = `${SCHEMA_VERSION}.${TOKENIZER_VERSION}`;

/** Every table of the index: what an upgrade drops before recreating (the index is derived data). */
const TABLES = ['search_fts', 'search_tag', 'search_source', 'search_doc', 'search_thread'] as const;

/**
 * Creates the tables when missing. An index written by another schema or tokenizer is dropped and recreated
 * empty (returns 'reset'): the caller refills it from its store (`rebuild`).
 */
export function ensureSchema(db: DatabaseSync): 'ready' | 'reset' {
  const fts = db.prepare("SELECT 1 FROM pragma_compile_options WHERE compile_options = 'ENABLE_FTS5'").get();
  if (!fts) throw new Error('SQLite was built without FTS5; the archive index needs it');
  const exists = (name: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  const hasMeta = exists('search_meta');
  const version = hasMeta
    ? ((
        db.prepare("SELECT value FROM search_meta WHERE key = 'schema_version'").get() as
          { value: string } | undefined
      )?.value ?? '0')
    : exists('search_doc')
      ? '0'
      : INDEX_VERSION;
  const reset = version !== INDEX_VERSION;
  if (reset) {
    for (const table of TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
    db.exec('DROP TABLE IF EXISTS search_meta');
  }
  // Our tokenizer has already folded case, width and diacritics and split CJK into bigrams;
  // unicode61 only has to split on the spaces we put between terms.
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_doc (
      id INTEGER PRIMARY KEY,
      doc_key TEXT NOT NULL UNIQUE,
      mailbox TEXT NOT NULL,
      thread TEXT NOT NULL,
      date INTEGER NOT NULL,
      status TEXT,
      assignee TEXT,
      customer TEXT,
      has_attachment INTEGER NOT NULL,
      -- the rebuild that last wrote this row; rows an in-place rebuild did not rewrite are swept
      gen INTEGER NOT NULL DEFAULT 0
    );
    -- Original text for snippets, apart from the metadata that every query joins: keeping search_doc
    -- rows small keeps its pages in cache (measured: joining a table that also held the bodies cost
    -- 10-40 ms per 1,000 matches at 100k messages).
    CREATE TABLE IF NOT EXISTS search_source (
      id INTEGER PRIMARY KEY,
      subject TEXT NOT NULL,
      sender TEXT NOT NULL,
      recipients TEXT NOT NULL,
      body TEXT NOT NULL,
      attachments TEXT NOT NULL,
      internal TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS search_doc_mailbox_date ON search_doc (mailbox, date);
    CREATE INDEX IF NOT EXISTS search_doc_date ON search_doc (date);
    CREATE INDEX IF NOT EXISTS search_doc_thread ON search_doc (mailbox, thread, id);
    -- gen is read once per rebuild (the sweep scans): an index on it cost every insert more
    DROP INDEX IF EXISTS search_doc_gen;
    -- Thread-level fields kept by the caller from somewhere else than the message (the bridge: the
    -- docs): they override the message's own and are applied to every message of the thread; the
    -- internal content (comments, notes) sits on the thread's newest message only, so a comment
    -- word finds the thread once.
    CREATE TABLE IF NOT EXISTS search_thread (
      mailbox TEXT NOT NULL,
      thread TEXT NOT NULL,
      status TEXT,
      assignee TEXT,
      customer TEXT,
      tags TEXT NOT NULL,
      internal TEXT NOT NULL,
      internal_version TEXT,
      seen_in TEXT,
      PRIMARY KEY (mailbox, thread)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS search_thread_seen_in ON search_thread (mailbox, seen_in);
    CREATE INDEX IF NOT EXISTS search_doc_status ON search_doc (status);
    CREATE INDEX IF NOT EXISTS search_doc_assignee ON search_doc (assignee);
    CREATE INDEX IF NOT EXISTS search_doc_customer ON search_doc (customer);
    CREATE TABLE IF NOT EXISTS search_tag (
      tag TEXT NOT NULL,
      doc INTEGER NOT NULL,
      PRIMARY KEY (tag, doc)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS search_tag_doc ON search_tag (doc);
    CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
      ${FTS_COLUMNS.join(', ')}, ${META_COLUMN},
      content = '',
      contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 0'
    );
    CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT OR IGNORE INTO search_meta (key, value) VALUES ('schema_version', '${INDEX_VERSION}');
    INSERT OR IGNORE INTO search_meta (key, value) VALUES ('generation', '0');
  `);
  return reset ? 'reset' : 'ready';
}
