// The default DocStore: an update log in node:sqlite (WAL). Appends arriving in the same event
// loop turn are committed in one transaction (group commit) and acknowledged only after COMMIT
// returns; with synchronous=FULL (the default) that includes the fsync of the WAL.
import { DatabaseSync } from 'node:sqlite';
import * as Y from 'yjs';
import type { AppendResult, DocStats, DocStore, StoredDoc } from './doc-store.ts';
import { attempt } from './attempt.ts';
import { DocTooLargeError, EMPTY_UPDATE } from './doc-store.ts';
import type { StoragePolicy } from './storage-policy.ts';
import { DEFAULT_STORAGE_POLICY, shouldCompact } from './storage-policy.ts';

export interface SqliteDocStoreDeps {
  /** Database file; ':memory:' works for tests that need no durability. */
  readonly path: string;
  readonly policy?: StoragePolicy;
  /** 'normal' survives a process crash but may lose the last commits on power loss. */
  readonly synchronous?: 'full' | 'normal';
  /** How a group commit is deferred to the end of the current loop turn (default setImmediate). */
  readonly defer?: (flush: () => void) => void;
  /** Compaction runs after acks went out; its failures lose nothing, so they are only reported. */
  readonly onError?: (error: Error) => void;
}

interface DocState {
  seq: number;
  bytes: number;
  count: number;
  baseBytes: number;
}

interface PendingAppend {
  doc: string;
  seq: number;
  data: Uint8Array;
  result: AppendResult;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS doc_updates (
    doc TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (doc, seq)
  );
  CREATE TABLE IF NOT EXISTS docs (
    doc TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    count INTEGER NOT NULL,
    base_bytes INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

export function createSqliteDocStore(deps: SqliteDocStoreDeps): DocStore {
  const policy = deps.policy ?? DEFAULT_STORAGE_POLICY;
  const defer = deps.defer ?? ((flush: () => void) => setImmediate(flush));
  const onError = deps.onError ?? ((error: Error) => console.error('doc store compaction failed', error));
  const db = new DatabaseSync(deps.path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${deps.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.exec(SCHEMA);

  const selectDoc = db.prepare('SELECT seq, bytes, count, base_bytes FROM docs WHERE doc = ?');
  const selectSeq = db.prepare('SELECT seq FROM docs WHERE doc = ?');
  const selectRows = db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq');
  const insertRow = db.prepare('INSERT INTO doc_updates (doc, seq, data) VALUES (?, ?, ?)');
  const deleteRowsUpTo = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
  const upsertDoc = db.prepare(
    `INSERT INTO docs (doc, seq, bytes, count, base_bytes) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, bytes = excluded.bytes,
       count = excluded.count, base_bytes = excluded.base_bytes`,
  );

  /** Committed plus pending state per doc: seqs are assigned and the size cap checked here. */
  const states = new Map<string, DocState>();
  let pending: PendingAppend[] = [];
  let flushScheduled = false;
  let closed = false;

  const committedState = (doc: string): DocState => {
    const row = selectDoc.get(doc) as
      { seq: number; bytes: number; count: number; base_bytes: number } | undefined;
    return row
      ? { seq: row.seq, bytes: row.bytes, count: row.count, baseBytes: row.base_bytes }
      : { seq: 0, bytes: 0, count: 0, baseBytes: 0 };
  };

  const stateFor = (doc: string): DocState => {
    let state = states.get(doc);
    if (!state) states.set(doc, (state = committedState(doc)));
    return state;
  };

  const transaction = (fn: () => void) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };

  const flush = () => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const touched = new Set(batch.map((p) => p.doc));
    try {
      transaction(() => {
        for (const p of batch) insertRow.run(p.doc, p.seq, p.data);
        for (const doc of touched) {
          const s = stateFor(doc);
          upsertDoc.run(doc, s.seq, s.bytes, s.count, s.baseBytes);
        }
      });
    } catch (error) {
      // Nothing of the batch is stored: forget the projected states so they are re-read.
      for (const doc of touched) states.delete(doc);
      for (const p of batch) p.reject(error as Error);
      return;
    }
    for (const p of batch) p.resolve(p.result);
    for (const doc of touched) {
      try {
        if (shouldCompact(policy, stateFor(doc))) compactNow(doc);
      } catch (error) {
        states.delete(doc);
        onError(error as Error);
      }
    }
  };

  /** Merges the committed log of one doc into a single row (call with no pending rows for it). */
  const compactNow = (doc: string) => {
    const rows = selectRows.all(doc) as { seq: number; data: Uint8Array }[];
    const last = rows.at(-1);
    if (rows.length < 2 || !last) return;
    const merged = Y.mergeUpdates(rows.map((r) => r.data));
    const state = stateFor(doc);
    transaction(() => {
      deleteRowsUpTo.run(doc, last.seq);
      insertRow.run(doc, last.seq, merged);
      upsertDoc.run(doc, state.seq, merged.length, 1, merged.length);
    });
    state.bytes = merged.length;
    state.count = 1;
    state.baseBytes = merged.length;
  };

  const scheduleFlush = () => {
    if (flushScheduled) return;
    flushScheduled = true;
    defer(flush);
  };

  const appendNow = (doc: string, update: Uint8Array): Promise<AppendResult> => {
    if (closed) throw new Error('doc store is closed');
    let state = stateFor(doc);
    if (state.bytes + update.length > policy.maxDocBytes) {
      flush();
      compactNow(doc);
      state = stateFor(doc);
      if (state.bytes + update.length > policy.maxDocBytes)
        throw new DocTooLargeError(doc, state.bytes + update.length, policy.maxDocBytes);
    }
    state.seq += 1;
    state.bytes += update.length;
    state.count += 1;
    if (state.count === 1) state.baseBytes = update.length;
    const result = { seq: state.seq, bytes: state.bytes };
    return new Promise<AppendResult>((resolve, reject) => {
      pending.push({ doc, seq: state.seq, data: update.slice(), result, resolve, reject });
      scheduleFlush();
    });
  };

  return {
    load(doc): Promise<StoredDoc> {
      const seq = (selectSeq.get(doc) as { seq: number } | undefined)?.seq ?? 0;
      const rows = selectRows.all(doc) as { data: Uint8Array }[];
      if (rows.length === 0) return Promise.resolve({ update: EMPTY_UPDATE, seq });
      const update = rows.length === 1 ? rows[0]!.data : Y.mergeUpdates(rows.map((r) => r.data));
      return Promise.resolve({ update, seq });
    },
    append: (doc, update) => attempt(() => appendNow(doc, update)),
    compact: (doc) =>
      attempt(() => {
        flush();
        compactNow(doc);
      }),
    seqs(docs) {
      const result = new Map<string, number>();
      for (const doc of docs) result.set(doc, (selectSeq.get(doc) as { seq: number } | undefined)?.seq ?? 0);
      return Promise.resolve(result);
    },
    stats(doc): Promise<DocStats> {
      const { seq, bytes, count } = committedState(doc);
      return Promise.resolve({ seq, bytes, count });
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      flush();
      db.close();
      return Promise.resolve();
    },
  };
}
