// The bridge's own state in node:sqlite: mailboxes (secrets sealed), folder cursors, one record per
// message per mailbox (keyed by messageKey, never by Message-ID alone), the folder→UID map, threads,
// and which messages are already written into docs. A batch of messages and the folder cursor that
// covers it are saved in one transaction: after a crash the cursor never claims a message that
// is not stored, and a message stored twice is the same row.
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  candidateCustomerIds,
  type MailboxId,
  type MessageId,
  type MessageServerState,
  type ServerMove,
  type ThreadId,
} from '@wharf/model';
import {
  createArchiveIndex,
  type ArchiveSearchOptions,
  type ArchiveSearchResult,
  type RebuildProgress,
  type SearchAttachment,
  type SearchDocument,
  type SearchScope,
  type ThreadFields,
} from '@wharf/search';
import type { Address, AttachmentInfo } from '../mime/parse-message.ts';
import type { SubjectCandidate, ThreadLookup } from '../threading/assign-thread.ts';
import type { FolderCursor } from '../sync/plan-folder-sync.ts';
import { sameServerState, serverStateOf } from '../sync/server-state.ts';
import { gmailLabels, tagsFromLabels } from '../sync/gmail-labels.ts';
import type { SecretBox } from './secret-box.ts';

export interface MailboxSettings {
  id: string;
  address: string;
  displayName: string;
  provider: string;
  imap: { host: string; port: number; secure: boolean };
  smtp: { host: string; port: number; secure: boolean };
  username: string;
  /** Folders synced besides INBOX and Sent. */
  extraFolders: string[];
  paused: boolean;
  /** Appended to every message sent from this mailbox. */
  signature?: string;
  /** Shared mailboxes: send as "Author via Sales" <sales@...> instead of "Sales". */
  sendAsVia?: boolean;
  /**
   * Days back that imported mail counts as open work (default OPEN_DAYS): a thread whose newest
   * message is older when the bridge first writes it is history, closed and routed to a customer's
   * owner only (model SPEC [ST4]).
   */
  openDays?: number;
}

/** A connected mailbox's last month of mail is work to do; what is older is its history. */
export const OPEN_DAYS = 30;

export interface MailboxCredentials {
  password: string;
}

/** What the metadata-first FETCH tells about a message. */
export interface MessageMeta {
  key: string;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  subject: string;
  normalizedSubject: string;
  from: Address | undefined;
  to: Address[];
  cc: Address[];
  date: number | undefined;
  /** When the server received it (IMAP INTERNALDATE): the Date header is the sender's word. */
  receivedAt?: number;
  size: number;
  hasAttachments: boolean;
  providerThreadId: string | undefined;
  /** Its body sync fetches a skeleton, leaving parts on the server; undefined in older rows. */
  leavesParts?: boolean;
}

export interface MessageBody {
  rawSha256: string;
  text: string | undefined;
  /**
   * Not stored: the HTML is re-derived from the raw source when someone reads the message. Storing
   * text + HTML + raw tripled the bytes written and made a 20k-message ingest disk-bound (bench/ingest).
   */
  html: undefined;
  hasHtml: boolean;
  snippet: string;
  /** An attachment not fetched yet has sha256 '' and the size BODYSTRUCTURE implies. */
  attachments: AttachmentInfo[];
  parseError: string | undefined;
  /**
   * The stored source is a skeleton without attachment bytes (mime/skeleton.ts): the raw source
   * and each attachment are fetched from IMAP on first request, then kept.
   */
  partial?: boolean;
}

export interface StoredMessage extends MessageMeta {
  mailboxId: string;
  threadId: string;
  body: MessageBody | undefined;
  /** 'meta': in its thread doc without body details; 'body': complete. */
  writtenToDocs: 'no' | 'meta' | 'body';
  /** Flags and folders on the IMAP server (SPEC [SV1]); undefined for rows stored before they were kept. */
  server: MessageServerState | undefined;
  /** Bumped on every change of `server` or of the Gmail labels; the docs hold it once `markWrittenToDocs` got this number. */
  serverRev: number;
  /** The Gmail label tags the thread doc got for this message when it was last written. */
  labelsWritten: string[];
}

export interface FolderEntry {
  uid: number;
  flags: string[];
  meta: MessageMeta;
}

/** Picks the thread of a new message; runs inside the batch, so it sees the batch's earlier messages. */
export type ThreadChooser = (meta: MessageMeta, lookup: ThreadLookup) => string;

export interface ThreadRow {
  threadId: string;
  mailboxId: string;
  normalizedSubject: string;
  participants: string[];
  lastDate: number;
  providerThreadId: string | undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mailboxes (
  id TEXT PRIMARY KEY, settings TEXT NOT NULL, secret TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS folders (
  mailbox_id TEXT NOT NULL, path TEXT NOT NULL, uid_validity TEXT NOT NULL, uid_next INTEGER NOT NULL,
  backfill_below INTEGER NOT NULL, highest_modseq TEXT, started_uid_next INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, path)
);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  mailbox_id TEXT NOT NULL, key TEXT NOT NULL, message_id TEXT, thread_id TEXT NOT NULL,
  normalized_subject TEXT NOT NULL, date INTEGER, meta TEXT NOT NULL, body TEXT,
  written_to_docs INTEGER NOT NULL DEFAULT 0,
  server TEXT, server_rev INTEGER NOT NULL DEFAULT 0, server_rev_written INTEGER NOT NULL DEFAULT 0,
  labels_written TEXT,
  UNIQUE (mailbox_id, key)
);
CREATE INDEX IF NOT EXISTS messages_by_id ON messages (mailbox_id, message_id);
CREATE INDEX IF NOT EXISTS messages_by_thread ON messages (mailbox_id, thread_id);
CREATE INDEX IF NOT EXISTS messages_pending_docs ON messages (written_to_docs, seq);
CREATE INDEX IF NOT EXISTS messages_need_body ON messages (mailbox_id, date) WHERE body IS NULL;
CREATE TABLE IF NOT EXISTS message_refs (
  mailbox_id TEXT NOT NULL, ref_id TEXT NOT NULL, thread_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS refs_by_id ON message_refs (mailbox_id, ref_id);
CREATE TABLE IF NOT EXISTS folder_uids (
  mailbox_id TEXT NOT NULL, path TEXT NOT NULL, uid INTEGER NOT NULL, key TEXT NOT NULL, flags TEXT NOT NULL,
  PRIMARY KEY (mailbox_id, path, uid)
);
-- (mailbox_id, key) alone lost to the primary key for "WHERE mailbox_id AND key ORDER BY path": the
-- planner walked every UID of the mailbox per lookup (quadratic doc writes, bench/ingest)
DROP INDEX IF EXISTS folder_uids_by_key;
CREATE INDEX IF NOT EXISTS folder_uids_by_key_path ON folder_uids (mailbox_id, key, path);
CREATE TABLE IF NOT EXISTS folder_reset_keys (
  mailbox_id TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (mailbox_id, path, key)
);
CREATE TABLE IF NOT EXISTS threads (
  mailbox_id TEXT NOT NULL, thread_id TEXT NOT NULL, normalized_subject TEXT NOT NULL,
  participants TEXT NOT NULL, last_date INTEGER NOT NULL, provider_thread_id TEXT,
  PRIMARY KEY (mailbox_id, thread_id)
);
CREATE INDEX IF NOT EXISTS threads_by_subject ON threads (mailbox_id, normalized_subject);
CREATE INDEX IF NOT EXISTS threads_by_provider ON threads (mailbox_id, provider_thread_id);
CREATE TABLE IF NOT EXISTS raw_sources (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  outbox_id TEXT PRIMARY KEY, mailbox_id TEXT NOT NULL, thread_doc TEXT NOT NULL, message_id TEXT NOT NULL,
  raw_sha256 TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, reason TEXT
);
CREATE INDEX IF NOT EXISTS outbox_by_message_id ON outbox (mailbox_id, message_id);
CREATE TABLE IF NOT EXISTS uploads (
  mailbox_id TEXT NOT NULL, sha256 TEXT NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL,
  size INTEGER NOT NULL, PRIMARY KEY (mailbox_id, sha256)
);
`;

/** A file a member uploaded to attach to mail sent from a mailbox (bytes in the blob store). */
export interface UploadRecord {
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * What the bridge knows about an outbox entry, written before the doc hears of it:
 * claimed (composed, no SMTP yet: safe to send) → smtp (a transaction is under way: after a crash
 * the outcome is unknown and only Sent can tell) → sent | failed.
 */
export interface OutboxRecord {
  outboxId: string;
  mailboxId: string;
  threadDoc: string;
  messageId: string;
  rawSha256: string;
  state: 'claimed' | 'smtp' | 'sent' | 'failed';
  attempts: number;
  reason: string | undefined;
}

export interface BridgeStore {
  addMailbox(settings: MailboxSettings, credentials: MailboxCredentials): void;
  updateMailbox(settings: MailboxSettings, credentials?: MailboxCredentials): void;
  removeMailbox(id: string): void;
  getMailbox(id: string): MailboxSettings | undefined;
  listMailboxes(): MailboxSettings[];
  credentials(id: string): MailboxCredentials;

  cursor(mailboxId: string, path: string): (FolderCursor & { startedUidNext: number }) | undefined;
  /**
   * Drops a folder's UID map (after a UIDVALIDITY change); message records stay, and the keys the
   * folder held are kept until `finishReset` (SPEC [SV3]), in the same transaction.
   */
  resetFolder(mailboxId: string, path: string, cursor: FolderCursor): void;
  /**
   * The messages a folder held before its reset that its new UIDs have not matched (yet);
   * undefined when no reset of the folder is pending.
   */
  resetLeftovers(
    mailboxId: string,
    path: string,
  ): { key: string; messageId: string | undefined }[] | undefined;
  /**
   * Once the folder was matched again completely: the leftovers leave the folder like an
   * expunge (`movedTo` where they were found in Trash or Junk, SPEC [SV5]). Returns their keys.
   */
  finishReset(mailboxId: string, path: string, movedTo?: ReadonlyMap<string, ServerMove>): string[];
  /** Stores a batch of messages, their UIDs and the folder cursor that covers them, atomically. */
  saveBatch(
    mailboxId: string,
    path: string,
    entries: readonly FolderEntry[],
    cursor: FolderCursor,
    chooseThread: ThreadChooser,
  ): { newKeys: string[] };
  saveCursor(mailboxId: string, path: string, cursor: FolderCursor): void;
  messageByKey(mailboxId: string, key: string): StoredMessage | undefined;
  threadLookup(mailboxId: string): ThreadLookup;
  thread(mailboxId: string, threadId: string): ThreadRow | undefined;
  /** Mailbox messages without a body yet, newest first. */
  messagesWithoutBody(
    mailboxId: string,
    limit: number,
  ): { key: string; folder: string; uid: number; size: number; leavesParts: boolean | undefined }[];
  /**
   * Stores parsed bodies; a small raw source given with its body is kept in SQLite (one row per
   * sha256): thousands of tiny files cost more than the parsing (measured, bench/ingest).
   */
  saveBodies(
    mailboxId: string,
    bodies: readonly {
      key: string;
      body: MessageBody;
      raw?: Uint8Array;
      /** Extracted before the transaction (it is async and slow); indexed with the body. */
      attachmentText?: readonly SearchAttachment[];
    }[],
  ): void;
  /**
   * The archive search index (FTS5 in this database): a message is indexed in the transaction
   * that stores it, with its metadata first and again with its body and attachment text.
   */
  search(query: string, scope: SearchScope, options?: ArchiveSearchOptions): ArchiveSearchResult;
  /**
   * Indexes up to `limit` stored messages after `afterSeq` that the search index lacks (a store
   * written before the index existed); attachment text is not extracted here, file names are.
   */
  indexBacklog(afterSeq: number, limit: number): { lastSeq: number; indexed: number; done: boolean };
  /** What the search index holds of a message's attachments, with the reason where text is missing. */
  searchAttachments(mailboxId: string, key: string): SearchAttachment[];
  /** Thread fields the search index holds from the docs (status, assignee, tags, comments…). */
  searchThread(mailboxId: string, threadId: string): ThreadFields | undefined;
  /** One transaction for the lot: one FTS5 segment, not one per thread. */
  setSearchThreads(list: readonly ThreadFields[]): void;
  /** Where the search follower saw a mailbox's threads (index buckets). */
  searchThreadsSeenIn(mailboxId: string): string[];
  /** The index was recreated empty (older schema) and must be rebuilt. */
  readonly searchWasReset: boolean;
  /**
   * Rewrites the search index from the stored messages, in place (search keeps answering).
   * `attachmentText` gives each message's attachment text (read from blobs: slow, async).
   */
  rebuildSearch(options: {
    attachmentText: (message: StoredMessage) => Promise<readonly SearchAttachment[]>;
    onProgress: (progress: RebuildProgress) => void;
    /** Awaited between pages so requests are served meanwhile (e.g. a zero-delay timer). */
    pause: () => Promise<void>;
    batchSize?: number;
  }): Promise<number>;
  countAllMessages(): number;
  /** A raw source kept in SQLite, if it is one of those. */
  inlineSource(sha256: string): Buffer | undefined;
  /** An attachment fetched on demand is kept: its bytes' hash and exact size go into the body. */
  attachmentFetched(
    mailboxId: string,
    key: string,
    partId: string,
    file: { sha256: string; size: number },
  ): void;
  /** The whole source of a partial body, fetched on demand and kept; the body is no longer partial. */
  rawFetched(mailboxId: string, key: string, rawSha256: string): void;
  updateFlags(mailboxId: string, path: string, uid: number, flags: string[]): void;
  /** Expunged UIDs; `movedTo` (by key) where the message was found in Trash or Junk (SPEC [SV5]). */
  removeUids(
    mailboxId: string,
    path: string,
    uids: readonly number[],
    movedTo?: ReadonlyMap<string, ServerMove>,
  ): void;
  folderUids(mailboxId: string, path: string): { uid: number; key: string; flags: string[] }[];
  /** Where a message sits: folder → UID. */
  locations(mailboxId: string, key: string): { path: string; uid: number; flags: string[] }[];
  /** The Gmail label tags a message carries now, in any folder. */
  labelTags(mailboxId: string, key: string): string[];
  /** The Gmail label tags some message of the thread carries now. */
  threadLabelTags(mailboxId: string, threadId: string): string[];
  /**
   * Messages whose doc write is missing, was written before the body (snippet) was known, or
   * whose server state changed since it was written.
   */
  pendingDocWrites(limit: number): StoredMessage[];
  markWrittenToDocs(
    mailboxId: string,
    written: readonly { key: string; withBody: boolean; serverRev?: number; labels?: readonly string[] }[],
  ): void;
  countMessages(mailboxId: string): number;
  outbox(outboxId: string): OutboxRecord | undefined;
  /** Records a claim; false when the entry was claimed before (by this or an earlier run). */
  claimOutbox(record: Omit<OutboxRecord, 'state' | 'attempts' | 'reason'>): boolean;
  setOutboxState(outboxId: string, state: OutboxRecord['state'], attempts: number, reason?: string): void;
  unfinishedOutbox(): OutboxRecord[];
  /** Remembers an upload for attaching to mail from this mailbox (the same bytes twice: one row). */
  recordUpload(mailboxId: string, upload: UploadRecord): void;
  upload(mailboxId: string, sha256: string): UploadRecord | undefined;
  close(): void;
}

const flagsOf = (json: unknown): string[] => (typeof json === 'string' ? (JSON.parse(json) as string[]) : []);
const labelTagsOf = (flagLists: readonly (readonly string[])[]) =>
  tagsFromLabels(flagLists.flatMap(gmailLabels));

/**
 * Messages the docs still lack: never written, written before their body, or changed on the server
 * since. One index walk per reason, each stopping at the limit: the OR of the three scanned every
 * message on each of the doc writer's flushes (7 ms at 100,000 messages; 0.05 ms this way).
 */
export const PENDING_DOC_WRITES = `SELECT * FROM messages WHERE seq IN (
    SELECT seq FROM (SELECT seq FROM messages WHERE written_to_docs = 0 ORDER BY seq LIMIT ?1)
    UNION ALL SELECT seq FROM (SELECT seq FROM messages INDEXED BY messages_body_pending_docs
      WHERE written_to_docs = 1 AND body IS NOT NULL ORDER BY seq LIMIT ?1)
    UNION ALL SELECT seq FROM (SELECT seq FROM messages
      WHERE server_rev > server_rev_written ORDER BY seq LIMIT ?1)
  ) ORDER BY seq LIMIT ?1`;

/**
 * The label flags of a thread's messages: the thread's messages first (by index), then each one's
 * folders, instead of every folder row of the mailbox joined to the messages.
 */
export const THREAD_LABEL_FLAGS = `SELECT f.flags FROM messages m
  CROSS JOIN folder_uids f ON f.mailbox_id = m.mailbox_id AND f.key = m.key
  WHERE m.mailbox_id = ? AND m.thread_id = ? AND f.flags LIKE '%"label:%'`;

export function openBridgeStore(path: string, secrets: SecretBox): BridgeStore {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  db.exec(SCHEMA);
  // stores created before the bridge followed server flags lack these columns
  const columns = new Set(
    db
      .prepare('PRAGMA table_info(messages)')
      .all()
      .map((c) => c.name as string),
  );
  for (const [name, type] of [
    ['server', 'TEXT'],
    ['server_rev', 'INTEGER NOT NULL DEFAULT 0'],
    ['server_rev_written', 'INTEGER NOT NULL DEFAULT 0'],
  ] as const)
    if (!columns.has(name)) db.exec(`ALTER TABLE messages ADD COLUMN ${name} ${type}`);
  if (!columns.has('labels_written')) {
    db.exec('ALTER TABLE messages ADD COLUMN labels_written TEXT');
    // the docs already hold the tags of the labels written before: only later edits are news
    const written = db.prepare('UPDATE messages SET labels_written = ? WHERE mailbox_id = ? AND key = ?');
    for (const row of db
      .prepare(
        `SELECT f.mailbox_id, f.key, f.flags FROM folder_uids f JOIN messages m
           ON m.mailbox_id = f.mailbox_id AND m.key = f.key
         WHERE m.written_to_docs > 0 AND f.flags LIKE '%"label:%'`,
      )
      .all())
      written.run(
        JSON.stringify(labelTagsOf([flagsOf(row.flags)])),
        row.mailbox_id as string,
        row.key as string,
      );
  }
  db.exec(
    'CREATE INDEX IF NOT EXISTS messages_server_pending ON messages (seq) WHERE server_rev > server_rev_written',
  );
  db.exec(
    'CREATE INDEX IF NOT EXISTS messages_body_pending_docs ON messages (seq) WHERE written_to_docs = 1 AND body IS NOT NULL',
  );

  const transaction = <T>(fn: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  };
  // Statements compiled once: preparing the same SQL on every call cost more than running it (the
  // doc writer reads the mailbox's settings per thread; bench/ingest profile).
  const statements = new Map<string, StatementSync>();
  const q = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const index = createArchiveIndex(db);

  const insertMessage =
    q(`INSERT INTO messages (mailbox_id, key, message_id, thread_id, normalized_subject, date, meta, server)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mailbox_id, key) DO NOTHING`);
  const insertRef = q('INSERT INTO message_refs (mailbox_id, ref_id, thread_id) VALUES (?, ?, ?)');
  const upsertUid = q(`INSERT INTO folder_uids (mailbox_id, path, uid, key, flags) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (mailbox_id, path, uid) DO UPDATE SET key = excluded.key, flags = excluded.flags`);
  const upsertThread =
    q(`INSERT INTO threads (mailbox_id, thread_id, normalized_subject, participants, last_date, provider_thread_id)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (mailbox_id, thread_id) DO UPDATE SET
    participants = excluded.participants, last_date = max(threads.last_date, excluded.last_date),
    provider_thread_id = coalesce(threads.provider_thread_id, excluded.provider_thread_id)`);
  const getThread = q('SELECT * FROM threads WHERE mailbox_id = ? AND thread_id = ?');
  const upsertCursor =
    q(`INSERT INTO folders (mailbox_id, path, uid_validity, uid_next, backfill_below, highest_modseq, started_uid_next)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mailbox_id, path) DO UPDATE SET uid_validity = excluded.uid_validity,
    uid_next = excluded.uid_next, backfill_below = excluded.backfill_below, highest_modseq = excluded.highest_modseq,
    started_uid_next = CASE WHEN folders.uid_validity = excluded.uid_validity THEN folders.started_uid_next
      ELSE excluded.started_uid_next END`);

  const rowToMessage = (row: Record<string, unknown>): StoredMessage => ({
    ...(JSON.parse(row.meta as string) as MessageMeta),
    mailboxId: row.mailbox_id as string,
    threadId: row.thread_id as string,
    body: row.body ? (JSON.parse(row.body as string) as MessageBody) : undefined,
    writtenToDocs: row.written_to_docs === 2 ? 'body' : row.written_to_docs === 1 ? 'meta' : 'no',
    server: row.server ? (JSON.parse(row.server as string) as MessageServerState) : undefined,
    serverRev: (row.server_rev as number | undefined) ?? 0,
    labelsWritten: row.labels_written ? (JSON.parse(row.labels_written as string) as string[]) : [],
  });
  const rowToOutbox = (row: Record<string, unknown>): OutboxRecord => ({
    outboxId: row.outbox_id as string,
    mailboxId: row.mailbox_id as string,
    threadDoc: row.thread_doc as string,
    messageId: row.message_id as string,
    rawSha256: row.raw_sha256 as string,
    state: row.state as OutboxRecord['state'],
    attempts: row.attempts as number,
    reason: (row.reason as string | null) ?? undefined,
  });
  const rowToThread = (row: Record<string, unknown>): ThreadRow => ({
    threadId: row.thread_id as string,
    mailboxId: row.mailbox_id as string,
    normalizedSubject: row.normalized_subject as string,
    participants: JSON.parse(row.participants as string) as string[],
    lastDate: row.last_date as number,
    providerThreadId: (row.provider_thread_id as string | null) ?? undefined,
  });
  const saveCursor = (mailboxId: string, path: string, c: FolderCursor) => {
    upsertCursor.run(
      mailboxId,
      path,
      c.uidValidity,
      c.uidNext,
      c.backfillBelow,
      c.highestModseq ?? null,
      c.uidNext,
    );
  };
  /**
   * The same message can sit in two mailboxes (sent from one to the other) under the same key;
   * the index holds one row per (mailbox, key).
   */
  const indexKey = (mailboxId: string, key: string) => `${mailboxId}/${key}` as MessageId;
  // Thread status, assignee, customer, tags and comments live in the docs: the search follower
  // (search/search-follower.ts) sets them (setSearchThreads) and the index applies them.
  const searchDocument = (
    mailboxId: string,
    threadId: string,
    meta: MessageMeta,
    body: MessageBody | undefined,
    attachmentText: readonly SearchAttachment[] = [],
  ): SearchDocument => {
    const named = new Set(attachmentText.map((a) => a.filename));
    const unread = (body?.attachments ?? [])
      .filter((a) => !a.inline && a.filename && !named.has(a.filename))
      .map((a) => ({ filename: a.filename!, text: '' }));
    return {
      key: indexKey(mailboxId, meta.key),
      mailbox: mailboxId as MailboxId,
      thread: threadId as ThreadId,
      date: meta.date ?? 0,
      subject: meta.subject,
      from: meta.from ? [meta.from] : [],
      to: [...meta.to, ...meta.cc],
      body: body?.text ?? '',
      attachments: [...attachmentText, ...unread],
      internal: [],
      // Chosen so that the search follower's writes of the thread's fields change nothing (each
      // change rewrites the rows): a thread the docs have just created is open, and routing gives it
      // the customer its first sender's address implies unless someone linked that address by hand
      // (model: candidateCustomerIds). The thread's status overrides this one; its customer, once
      // routing set it, too.
      status: 'open',
      customer: customerImpliedBy(mailboxId, meta.from?.address),
    };
  };
  const mailboxAddress = q(
    "SELECT json_extract(settings, '$.address') AS address FROM mailboxes WHERE id = ?",
  );
  /** The customer a message's sender implies; none for the mailbox's own mail. */
  const customerImpliedBy = (mailboxId: string, sender: string | undefined) => {
    const own = (mailboxAddress.get(mailboxId)?.address as string | undefined)?.toLowerCase();
    if (!sender || sender.toLowerCase() === own) return null;
    return candidateCustomerIds(sender)[0] ?? null;
  };
  const serverOf = q('SELECT server FROM messages WHERE mailbox_id = ? AND key = ?');
  const setServer = q(
    'UPDATE messages SET server = ?, server_rev = server_rev + 1 WHERE mailbox_id = ? AND key = ?',
  );
  const locationFlags = q('SELECT path, flags FROM folder_uids WHERE mailbox_id = ? AND key = ?');
  const bumpServerRev = q('UPDATE messages SET server_rev = server_rev + 1 WHERE mailbox_id = ? AND key = ?');
  /** Recomputes a message's server state from its folder → UID rows; true when it changed. */
  const refreshServer = (mailboxId: string, key: string, movedTo?: ServerMove): boolean => {
    const row = serverOf.get(mailboxId, key);
    if (!row) return false;
    const previous = row.server ? (JSON.parse(row.server as string) as MessageServerState) : undefined;
    const next = serverStateOf(
      previous,
      locationFlags.all(mailboxId, key).map((l) => ({
        path: l.path as string,
        flags: JSON.parse(l.flags as string) as string[],
      })),
      movedTo,
    );
    if (sameServerState(previous, next)) return false;
    setServer.run(JSON.stringify(next), mailboxId, key);
    return true;
  };
  const participantsOf = (m: MessageMeta) =>
    [m.from, ...m.to, ...m.cc].flatMap((a) => (a?.address ? [a.address.toLowerCase()] : []));

  return {
    addMailbox(settings, credentials) {
      q('INSERT INTO mailboxes (id, settings, secret) VALUES (?, ?, ?)').run(
        settings.id,
        JSON.stringify(settings),
        secrets.seal(JSON.stringify(credentials)),
      );
    },
    updateMailbox(settings, credentials) {
      if (credentials)
        q('UPDATE mailboxes SET settings = ?, secret = ? WHERE id = ?').run(
          JSON.stringify(settings),
          secrets.seal(JSON.stringify(credentials)),
          settings.id,
        );
      else q('UPDATE mailboxes SET settings = ? WHERE id = ?').run(JSON.stringify(settings), settings.id);
    },
    removeMailbox(id) {
      transaction(() => {
        for (const row of q('SELECT key FROM messages WHERE mailbox_id = ?').all(id))
          index.remove(indexKey(id, row.key as string));
        index.forgetThreads(id as MailboxId);
        for (const table of [
          'mailboxes',
          'folders',
          'messages',
          'message_refs',
          'folder_uids',
          'folder_reset_keys',
          'threads',
          'uploads',
        ])
          q(`DELETE FROM ${table} WHERE ${table === 'mailboxes' ? 'id' : 'mailbox_id'} = ?`).run(id);
      });
    },
    getMailbox(id) {
      const row = q('SELECT settings FROM mailboxes WHERE id = ?').get(id);
      return row ? (JSON.parse(row.settings as string) as MailboxSettings) : undefined;
    },
    listMailboxes() {
      return q('SELECT settings FROM mailboxes ORDER BY id')
        .all()
        .map((row) => JSON.parse(row.settings as string) as MailboxSettings);
    },
    credentials(id) {
      const row = q('SELECT secret FROM mailboxes WHERE id = ?').get(id);
      if (!row) throw new Error(`no mailbox ${id}`);
      return JSON.parse(secrets.open(row.secret as string)) as MailboxCredentials;
    },

    cursor(mailboxId, path) {
      const row = q('SELECT * FROM folders WHERE mailbox_id = ? AND path = ?').get(mailboxId, path);
      if (!row) return undefined;
      return {
        uidValidity: row.uid_validity as string,
        uidNext: row.uid_next as number,
        backfillBelow: row.backfill_below as number,
        highestModseq: (row.highest_modseq as string | null) ?? undefined,
        startedUidNext: row.started_uid_next as number,
      };
    },
    resetFolder(mailboxId, path, cursor) {
      transaction(() => {
        // a reset during an unfinished one adds to its keys: the messages matched since are
        // in folder_uids and are kept as keys again
        q(
          `INSERT INTO folder_reset_keys (mailbox_id, path, key) SELECT mailbox_id, path, key FROM folder_uids
           WHERE mailbox_id = ? AND path = ? ON CONFLICT DO NOTHING`,
        ).run(mailboxId, path);
        q('DELETE FROM folder_uids WHERE mailbox_id = ? AND path = ?').run(mailboxId, path);
        saveCursor(mailboxId, path, cursor);
      });
    },
    resetLeftovers(mailboxId, path) {
      const pending = q('SELECT 1 FROM folder_reset_keys WHERE mailbox_id = ? AND path = ? LIMIT 1');
      if (!pending.get(mailboxId, path)) return undefined;
      return q(
        `SELECT r.key AS key, m.message_id AS message_id FROM folder_reset_keys r
         JOIN messages m ON m.mailbox_id = r.mailbox_id AND m.key = r.key
         WHERE r.mailbox_id = ? AND r.path = ? AND NOT EXISTS (SELECT 1 FROM folder_uids u
           WHERE u.mailbox_id = r.mailbox_id AND u.path = r.path AND u.key = r.key)
         ORDER BY r.key`,
      )
        .all(mailboxId, path)
        .map((row) => ({
          key: row.key as string,
          messageId: (row.message_id as string | null) ?? undefined,
        }));
    },
    finishReset(mailboxId, path, movedTo) {
      return transaction(() => {
        const leftovers = this.resetLeftovers(mailboxId, path) ?? [];
        for (const { key } of leftovers) refreshServer(mailboxId, key, movedTo?.get(key));
        q('DELETE FROM folder_reset_keys WHERE mailbox_id = ? AND path = ?').run(mailboxId, path);
        return leftovers.map((l) => l.key);
      });
    },
    saveBatch(mailboxId, path, entries, cursor, chooseThread) {
      const lookup = this.threadLookup(mailboxId);
      const exists = q('SELECT 1 FROM messages WHERE mailbox_id = ? AND key = ?');
      return transaction(() => {
        const newKeys: string[] = [];
        const indexed: SearchDocument[] = [];
        for (const { uid, flags, meta } of entries) {
          upsertUid.run(mailboxId, path, uid, meta.key, JSON.stringify(flags));
          if (exists.get(mailboxId, meta.key)) {
            // another folder's copy, a move's target, or a re-fetch after a crash
            refreshServer(mailboxId, meta.key);
            continue;
          }
          const threadId = chooseThread(meta, lookup);
          newKeys.push(meta.key);
          const inserted = insertMessage.run(
            mailboxId,
            meta.key,
            meta.messageId ?? null,
            threadId,
            meta.normalizedSubject,
            meta.date ?? null,
            JSON.stringify(meta),
            JSON.stringify(serverStateOf(undefined, [{ path, flags }])),
          );
          if (inserted.changes > 0) {
            indexed.push(searchDocument(mailboxId, threadId, meta, undefined));
            for (const ref of new Set([...meta.references, ...(meta.inReplyTo ? [meta.inReplyTo] : [])]))
              insertRef.run(mailboxId, ref, threadId);
            const existing = getThread.get(mailboxId, threadId);
            const participants = new Set([
              ...(existing ? (JSON.parse(existing.participants as string) as string[]) : []),
              ...participantsOf(meta),
            ]);
            upsertThread.run(
              mailboxId,
              threadId,
              (existing?.normalized_subject as string | undefined) ?? meta.normalizedSubject,
              JSON.stringify([...participants]),
              meta.date ?? 0,
              meta.providerThreadId ?? null,
            );
          }
        }
        index.upsertMany(indexed);
        saveCursor(mailboxId, path, cursor);
        return { newKeys };
      });
    },
    saveCursor(mailboxId, path, cursor) {
      saveCursor(mailboxId, path, cursor);
    },
    messageByKey(mailboxId, key) {
      const row = q('SELECT * FROM messages WHERE mailbox_id = ? AND key = ?').get(mailboxId, key);
      return row ? rowToMessage(row) : undefined;
    },
    threadLookup(mailboxId) {
      const byProvider = q(
        'SELECT thread_id FROM threads WHERE mailbox_id = ? AND provider_thread_id = ? LIMIT 1',
      );
      const byMessageId = q('SELECT thread_id FROM messages WHERE mailbox_id = ? AND message_id = ? LIMIT 1');
      const byRef = q('SELECT thread_id FROM message_refs WHERE mailbox_id = ? AND ref_id = ? LIMIT 1');
      // Mail we sent: its Message-ID was tied to its thread when it was claimed, before SMTP, so
      // its copy in Sent and the customer's answer find the thread even when it began with our
      // message (new mail, model SPEC [NW1]).
      const byOutbox = q('SELECT thread_doc FROM outbox WHERE mailbox_id = ? AND message_id = ? LIMIT 1');
      const sentBy = (id: string) => {
        const doc = byOutbox.get(mailboxId, id)?.thread_doc as string | undefined;
        return doc?.startsWith(`thread/${mailboxId}/`) ? doc.slice(`thread/${mailboxId}/`.length) : undefined;
      };
      const bySubject = q(
        'SELECT thread_id, participants, last_date FROM threads WHERE mailbox_id = ? AND normalized_subject = ?',
      );
      const one = (stmt: typeof byProvider, ...args: SQLInputValue[]) =>
        (stmt.get(...args)?.thread_id as string | undefined) ?? undefined;
      return {
        threadOfProviderId: (id) => one(byProvider, mailboxId, id),
        threadOfMessageId: (id) => one(byMessageId, mailboxId, id) ?? sentBy(id),
        threadReferring: (id) => one(byRef, mailboxId, id) ?? sentBy(id),
        threadsWithSubject: (subject): SubjectCandidate[] =>
          bySubject.all(mailboxId, subject).map((row) => ({
            threadId: row.thread_id as string,
            participants: JSON.parse(row.participants as string) as string[],
            lastDate: row.last_date as number,
          })),
      };
    },
    thread(mailboxId, threadId) {
      const row = getThread.get(mailboxId, threadId);
      return row ? rowToThread(row) : undefined;
    },
    messagesWithoutBody(mailboxId, limit) {
      const location = q('SELECT path, uid FROM folder_uids WHERE mailbox_id = ? AND key = ? LIMIT 1');
      // only messages still on the server somewhere: an expunged one must not block the rest
      return q(
        `SELECT m.key AS key, m.meta AS meta FROM messages m
         WHERE m.mailbox_id = ? AND m.body IS NULL
           AND EXISTS (SELECT 1 FROM folder_uids u WHERE u.mailbox_id = m.mailbox_id AND u.key = m.key)
         ORDER BY m.date DESC LIMIT ?`,
      )
        .all(mailboxId, limit)
        .flatMap((row) => {
          const where = location.get(mailboxId, row.key as string);
          if (!where) return [];
          const meta = JSON.parse(row.meta as string) as MessageMeta;
          return [
            {
              key: row.key as string,
              folder: where.path as string,
              uid: where.uid as number,
              size: meta.size,
              leavesParts: meta.leavesParts,
            },
          ];
        });
    },
    saveBodies(mailboxId, bodies) {
      const update = q(
        'UPDATE messages SET body = ? WHERE mailbox_id = ? AND key = ? RETURNING meta, thread_id',
      );
      const keep = q('INSERT INTO raw_sources (sha256, data) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING');
      transaction(() => {
        const indexed: SearchDocument[] = [];
        for (const { key, body, raw, attachmentText } of bodies) {
          if (raw) keep.run(body.rawSha256, raw);
          const row = update.get(JSON.stringify(body), mailboxId, key);
          if (row)
            indexed.push(
              searchDocument(
                mailboxId,
                row.thread_id as string,
                JSON.parse(row.meta as string) as MessageMeta,
                body,
                attachmentText,
              ),
            );
        }
        index.upsertMany(indexed);
      });
    },
    indexBacklog(afterSeq, limit) {
      const rows = q('SELECT seq, mailbox_id, key FROM messages WHERE seq > ? ORDER BY seq LIMIT ?').all(
        afterSeq,
        limit,
      );
      const full = q('SELECT * FROM messages WHERE seq = ?');
      let indexed = 0;
      transaction(() => {
        const docs: SearchDocument[] = [];
        for (const row of rows) {
          if (index.has(indexKey(row.mailbox_id as string, row.key as string))) continue;
          const m = rowToMessage(full.get(row.seq as number)!);
          docs.push(searchDocument(m.mailboxId, m.threadId, m, m.body));
        }
        index.upsertMany(docs);
        indexed = docs.length;
      });
      const last = rows.at(-1);
      return { lastSeq: last ? (last.seq as number) : afterSeq, indexed, done: rows.length < limit };
    },
    search(query, scope, options) {
      const result = index.search(query, scope, options);
      return {
        ...result,
        hits: result.hits.map((hit) => ({
          ...hit,
          key: hit.key.slice(hit.mailbox.length + 1) as MessageId,
        })),
      };
    },
    searchAttachments(mailboxId, key) {
      return index.indexedAttachments(indexKey(mailboxId, key));
    },
    searchThread(mailboxId, threadId) {
      return index.thread(mailboxId as MailboxId, threadId as ThreadId);
    },
    setSearchThreads(list) {
      if (list.length > 0) transaction(() => index.setThreads(list));
    },
    searchThreadsSeenIn(mailboxId) {
      return index.threadsSeenIn(mailboxId as MailboxId);
    },
    searchWasReset: index.wasReset,
    countAllMessages() {
      return q('SELECT count(*) AS n FROM messages').get()!.n as number;
    },
    async rebuildSearch({ attachmentText, onProgress, pause, batchSize = 200 }) {
      const page = q('SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?');
      async function* documents(): AsyncGenerator<SearchDocument> {
        let afterSeq = 0;
        for (;;) {
          const rows = page.all(afterSeq, batchSize);
          if (rows.length === 0) return;
          afterSeq = rows.at(-1)!.seq as number;
          await pause();
          for (const row of rows) {
            const m = rowToMessage(row);
            const extracted = m.body?.attachments.length ? await attachmentText(m) : [];
            // a file whose bytes are not at hand (fetched on demand, or failed now) keeps the text
            // it was indexed with
            const before = new Map(
              index.indexedAttachments(indexKey(m.mailboxId, m.key)).map((a) => [a.filename, a.text]),
            );
            const texts = extracted.map((a) =>
              a.text === '' && before.get(a.filename)
                ? { filename: a.filename, text: before.get(a.filename)! }
                : a,
            );
            yield searchDocument(m.mailboxId, m.threadId, m, m.body, texts);
          }
        }
      }
      return index.rebuild(documents(), { total: this.countAllMessages(), onProgress, batchSize });
    },
    attachmentFetched(mailboxId, key, partId, file) {
      transaction(() => {
        const body = this.messageByKey(mailboxId, key)?.body;
        if (!body) return;
        const attachments = body.attachments.map((a) => (a.partId === partId ? { ...a, ...file } : a));
        q('UPDATE messages SET body = ? WHERE mailbox_id = ? AND key = ?').run(
          JSON.stringify({ ...body, attachments }),
          mailboxId,
          key,
        );
      });
    },
    rawFetched(mailboxId, key, rawSha256) {
      transaction(() => {
        const body = this.messageByKey(mailboxId, key)?.body;
        if (!body) return;
        q('UPDATE messages SET body = ? WHERE mailbox_id = ? AND key = ?').run(
          JSON.stringify({ ...body, rawSha256, partial: false }),
          mailboxId,
          key,
        );
      });
    },
    inlineSource(sha256) {
      const row = q('SELECT data FROM raw_sources WHERE sha256 = ?').get(sha256);
      return row ? Buffer.from(row.data as Uint8Array) : undefined;
    },
    updateFlags(mailboxId, path, uid, flags) {
      const previous = q('SELECT flags FROM folder_uids WHERE mailbox_id = ? AND path = ? AND uid = ?');
      const update = q(
        'UPDATE folder_uids SET flags = ? WHERE mailbox_id = ? AND path = ? AND uid = ? RETURNING key',
      );
      transaction(() => {
        const before = previous.get(mailboxId, path, uid);
        const row = update.get(JSON.stringify(flags), mailboxId, path, uid);
        if (!row) return;
        const key = row.key as string;
        // labels are not part of the server state, yet their edits must reach the thread's tags
        const relabelled =
          JSON.stringify(labelTagsOf([flagsOf(before?.flags)])) !== JSON.stringify(labelTagsOf([flags]));
        if (!refreshServer(mailboxId, key) && relabelled) bumpServerRev.run(mailboxId, key);
      });
    },
    removeUids(mailboxId, path, uids, movedTo) {
      const del = q('DELETE FROM folder_uids WHERE mailbox_id = ? AND path = ? AND uid = ? RETURNING key');
      transaction(() => {
        for (const uid of uids) {
          const row = del.get(mailboxId, path, uid);
          if (row) refreshServer(mailboxId, row.key as string, movedTo?.get(row.key as string));
        }
      });
    },
    folderUids(mailboxId, path) {
      return q('SELECT uid, key, flags FROM folder_uids WHERE mailbox_id = ? AND path = ? ORDER BY uid')
        .all(mailboxId, path)
        .map((row) => ({
          uid: row.uid as number,
          key: row.key as string,
          flags: JSON.parse(row.flags as string) as string[],
        }));
    },
    labelTags(mailboxId, key) {
      return labelTagsOf(locationFlags.all(mailboxId, key).map((l) => flagsOf(l.flags)));
    },
    threadLabelTags(mailboxId, threadId) {
      return labelTagsOf(
        q(THREAD_LABEL_FLAGS)
          .all(mailboxId, threadId)
          .map((row) => flagsOf(row.flags)),
      );
    },
    locations(mailboxId, key) {
      return q('SELECT path, uid, flags FROM folder_uids WHERE mailbox_id = ? AND key = ? ORDER BY path')
        .all(mailboxId, key)
        .map((row) => ({
          path: row.path as string,
          uid: row.uid as number,
          flags: JSON.parse(row.flags as string) as string[],
        }));
    },
    pendingDocWrites(limit) {
      return q(PENDING_DOC_WRITES).all(limit).map(rowToMessage);
    },
    markWrittenToDocs(mailboxId, written) {
      const mark = q(
        `UPDATE messages SET written_to_docs = max(written_to_docs, ?),
           server_rev_written = max(server_rev_written, ?), labels_written = coalesce(?, labels_written)
         WHERE mailbox_id = ? AND key = ?`,
      );
      transaction(() => {
        for (const { key, withBody, serverRev, labels } of written)
          mark.run(withBody ? 2 : 1, serverRev ?? 0, labels ? JSON.stringify(labels) : null, mailboxId, key);
      });
    },
    countMessages(mailboxId) {
      return q('SELECT count(*) AS n FROM messages WHERE mailbox_id = ?').get(mailboxId)!.n as number;
    },
    outbox(outboxId) {
      const row = q('SELECT * FROM outbox WHERE outbox_id = ?').get(outboxId);
      return row ? rowToOutbox(row) : undefined;
    },
    claimOutbox(r) {
      const result = q(
        `INSERT INTO outbox (outbox_id, mailbox_id, thread_doc, message_id, raw_sha256, state, attempts)
         VALUES (?, ?, ?, ?, ?, 'claimed', 0) ON CONFLICT (outbox_id) DO NOTHING`,
      ).run(r.outboxId, r.mailboxId, r.threadDoc, r.messageId, r.rawSha256);
      return result.changes > 0;
    },
    setOutboxState(outboxId, state, attempts, reason) {
      q('UPDATE outbox SET state = ?, attempts = ?, reason = ? WHERE outbox_id = ?').run(
        state,
        attempts,
        reason ?? null,
        outboxId,
      );
    },
    unfinishedOutbox() {
      return q(`SELECT * FROM outbox WHERE state IN ('claimed', 'smtp') ORDER BY rowid`)
        .all()
        .map(rowToOutbox);
    },
    recordUpload(mailboxId, u) {
      q(
        `INSERT INTO uploads (mailbox_id, sha256, filename, content_type, size) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (mailbox_id, sha256) DO NOTHING`,
      ).run(mailboxId, u.sha256, u.filename, u.contentType, u.size);
    },
    upload(mailboxId, sha256) {
      const row = q('SELECT * FROM uploads WHERE mailbox_id = ? AND sha256 = ?').get(mailboxId, sha256);
      return row
        ? {
            sha256: row.sha256 as string,
            filename: row.filename as string,
            contentType: row.content_type as string,
            size: row.size as number,
          }
        : undefined;
    },
    close() {
      db.close();
    },
  };
}
