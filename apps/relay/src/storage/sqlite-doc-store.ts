// The default DocStore: an update log in node:sqlite (WAL). Appends arriving in the same event
// loop turn are committed in one transaction (group commit); each is acknowledged only after its
// COMMIT returned. Merging logs and checkpointing the WAL run on a maintenance thread.
//
// Durability: synchronous=NORMAL (the default) survives a crash of the relay process (kill -9) and
// keeps a commit at ~10 µs on the event loop; on power loss the last commits may be lost, which
// clients repair, because they still hold those updates and re-send whatever the relay's state
// vector lacks when they resync. 'full' adds an fsync to every commit, on the event loop.
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import { attempt } from './attempt.ts';
import type { AppendResult, DocStats, DocStore, StoredDoc } from './doc-store.ts';
import { DocTooLargeError, EMPTY_UPDATE } from './doc-store.ts';
import type { MaintenanceReply, MaintenanceRequest, MergedLog } from './sqlite-maintenance-protocol.ts';
import type { StoragePolicy } from './storage-policy.ts';
import { DEFAULT_STORAGE_POLICY, shouldCompact } from './storage-policy.ts';

export interface SqliteDocStoreDeps {
  /** Database file (a real file: the maintenance thread opens it too). */
  readonly path: string;
  readonly policy?: StoragePolicy;
  readonly synchronous?: 'full' | 'normal';
  /** How a group commit is deferred to the end of the current loop turn (default setImmediate). */
  readonly defer?: (flush: () => void) => void;
  /** Maintenance failures lose nothing (the log stays as it is), so they are only reported. */
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

/** Distributes over the union, so each request kind keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** WAL bytes written between checkpoints (SQLite's own default is ~4 MB: 1000 pages). */
const CHECKPOINT_AFTER_BYTES = 4 * 1024 * 1024;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS doc_updates (
    doc TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (doc, seq)
  ) WITHOUT ROWID;
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
  const onError = deps.onError ?? ((error: Error) => console.error('doc store:', error));
  const db = new DatabaseSync(deps.path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${deps.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  // Checkpoints are the maintenance thread's job: on this thread they would stall every socket.
  db.exec('PRAGMA wal_autocheckpoint = 0');
  db.exec(SCHEMA);

  const selectDoc = db.prepare('SELECT seq, bytes, count, base_bytes FROM docs WHERE doc = ?');
  const selectSeq = db.prepare('SELECT seq FROM docs WHERE doc = ?');
  // A range on the primary key, not LIKE: doc names may contain '_' and '%'.
  const selectNames = db.prepare('SELECT doc FROM docs WHERE doc >= ? AND doc < ? ORDER BY doc');
  const selectRows = db.prepare('SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq');
  const insertRow = db.prepare('INSERT INTO doc_updates (doc, seq, data) VALUES (?, ?, ?)');
  const deleteRowsUpTo = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
  const upsertDoc = db.prepare(
    `INSERT INTO docs (doc, seq, bytes, count, base_bytes) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, bytes = excluded.bytes,
       count = excluded.count, base_bytes = excluded.base_bytes`,
  );
  // Batches add to the committed totals (a new doc's first row is its base).
  const addToDoc = db.prepare(
    `INSERT INTO docs (doc, seq, bytes, count, base_bytes) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, bytes = docs.bytes + excluded.bytes,
       count = docs.count + excluded.count`,
  );

  const maintenance = new Worker(new URL('./sqlite-maintenance-worker.ts', import.meta.url), {
    workerData: { path: deps.path },
  });
  maintenance.unref();
  const replies = new Map<number, (reply: MaintenanceReply) => void>();
  let nextId = 0;
  maintenance.on('message', (reply: MaintenanceReply) => {
    const settle = replies.get(reply.id);
    replies.delete(reply.id);
    settle?.(reply);
  });
  // Without the thread nothing is merged or checkpointed, but appends and reads go on.
  let maintenanceGone: string | undefined;
  const lose = (message: string) => {
    maintenanceGone ??= message;
    for (const settle of replies.values()) settle({ kind: 'error', id: -1, message });
    replies.clear();
  };
  maintenance.on('error', (error: Error) => {
    onError(error);
    lose(error.message);
  });
  maintenance.on('exit', (code) => lose(`maintenance thread exited with ${code}`));
  const ask = (message: WithoutId<MaintenanceRequest>): Promise<MaintenanceReply> => {
    const id = ++nextId;
    if (maintenanceGone) return Promise.resolve({ kind: 'error', id, message: maintenanceGone });
    return new Promise((resolve) => {
      replies.set(id, resolve);
      maintenance.postMessage({ ...message, id });
    });
  };

  /** Committed plus pending state per doc: seqs are assigned and the size cap checked here. */
  const states = new Map<string, DocState>();
  const compactions = new Map<string, Promise<void>>();
  let pending: PendingAppend[] = [];
  let flushScheduled = false;
  let bytesSinceCheckpoint = 0;
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

  /** Replaces the rows a merge covered; rows appended since stay after it. */
  const applyMerge = (doc: string, log: MergedLog) => {
    const state = stateFor(doc);
    const bytes = state.bytes - log.removedBytes + log.merged.length;
    const count = state.count - log.removedCount + 1;
    transaction(() => {
      deleteRowsUpTo.run(doc, log.lastSeq);
      insertRow.run(doc, log.lastSeq, log.merged);
      // The docs row holds committed totals; pending appends of this doc add theirs when flushed.
      const committed = committedState(doc);
      upsertDoc.run(
        doc,
        committed.seq,
        committed.bytes - log.removedBytes + log.merged.length,
        committed.count - log.removedCount + 1,
        log.merged.length,
      );
    });
    state.bytes = bytes;
    state.count = count;
    state.baseBytes = log.merged.length;
  };

  /** One compaction per doc at a time; a caller asking meanwhile waits for the running one. */
  const compact = (doc: string): Promise<void> => {
    const running = compactions.get(doc);
    if (running) return running;
    const run = ask({ kind: 'merge', doc })
      .then((reply) => {
        if (reply.kind === 'error') throw new Error(`merging ${doc} failed: ${reply.message}`);
        if (reply.kind === 'merge' && reply.result && !closed) applyMerge(doc, reply.result);
      })
      .finally(() => compactions.delete(doc));
    compactions.set(doc, run);
    return run;
  };

  const flush = () => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    /** Per doc: last seq, bytes and rows added, and the first row's size (the base of a new doc). */
    const touched = new Map<string, { seq: number; bytes: number; count: number; first: number }>();
    for (const p of batch) {
      const t = touched.get(p.doc);
      if (t) {
        t.seq = p.seq;
        t.bytes += p.data.length;
        t.count += 1;
      } else touched.set(p.doc, { seq: p.seq, bytes: p.data.length, count: 1, first: p.data.length });
    }
    try {
      transaction(() => {
        for (const p of batch) insertRow.run(p.doc, p.seq, p.data);
        for (const [doc, t] of touched) addToDoc.run(doc, t.seq, t.bytes, t.count, t.first);
      });
    } catch (error) {
      // Nothing of the batch is stored: forget the projections so they are re-read.
      for (const p of batch) states.delete(p.doc);
      for (const p of batch) p.reject(error as Error);
      return;
    }
    for (const p of batch) p.resolve(p.result);
    for (const p of batch) bytesSinceCheckpoint += p.data.length;
    if (bytesSinceCheckpoint >= CHECKPOINT_AFTER_BYTES) {
      bytesSinceCheckpoint = 0;
      void ask({ kind: 'checkpoint' });
    }
    for (const doc of touched.keys())
      if (!compactions.has(doc) && shouldCompact(policy, stateFor(doc))) compact(doc).catch(onError);
  };

  const appendNow = (doc: string, update: Uint8Array): Promise<AppendResult> => {
    if (closed) throw new Error('doc store is closed');
    const state = stateFor(doc);
    if (state.bytes + update.length > policy.maxDocBytes) {
      // Merging may reclaim a little (headers, overlaps); a later attempt sees the result.
      if (state.count > 1) compact(doc).catch(onError);
      throw new DocTooLargeError(doc, state.bytes + update.length, policy.maxDocBytes);
    }
    state.seq += 1;
    state.bytes += update.length;
    state.count += 1;
    if (state.count === 1) state.baseBytes = update.length;
    const result = { seq: state.seq, bytes: state.bytes };
    return new Promise<AppendResult>((resolve, reject) => {
      pending.push({ doc, seq: state.seq, data: update.slice(), result, resolve, reject });
      if (!flushScheduled) {
        flushScheduled = true;
        defer(flush);
      }
    });
  };

  return {
    load: (doc) =>
      attempt((): StoredDoc => {
        const seq = (selectSeq.get(doc) as { seq: number } | undefined)?.seq ?? 0;
        const rows = selectRows.all(doc) as { data: Uint8Array }[];
        if (rows.length === 0) return { update: EMPTY_UPDATE, seq };
        return { update: rows.length === 1 ? rows[0]!.data : Y.mergeUpdates(rows.map((r) => r.data)), seq };
      }),
    append: (doc, update) => attempt(() => appendNow(doc, update)),
    compact: (doc) =>
      attempt(async () => {
        flush();
        await compactions.get(doc);
        await compact(doc);
      }),
    seqs: (docs) =>
      attempt(() => {
        const result = new Map<string, number>();
        for (const doc of docs)
          result.set(doc, (selectSeq.get(doc) as { seq: number } | undefined)?.seq ?? 0);
        return result;
      }),
    names: (prefix) =>
      attempt(() => (selectNames.all(prefix, `${prefix}\uffff`) as { doc: string }[]).map((row) => row.doc)),
    stats: (doc) =>
      attempt((): DocStats => {
        const { seq, bytes, count } = committedState(doc);
        return { seq, bytes, count };
      }),
    async settled() {
      flush();
      while (compactions.size > 0) await Promise.allSettled([...compactions.values()]);
    },
    async close() {
      if (closed) return;
      flush();
      closed = true;
      await Promise.allSettled([...compactions.values()]);
      await ask({ kind: 'close' });
      await maintenance.terminate();
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
