// The default DocStore: an update log in node:sqlite (WAL). Reads run on the caller's thread
// through their own connection; writes go to a writer thread (sqlite-writer-worker.ts) so the
// fsync of synchronous=FULL and log merging never block the event loop. Appends arriving in the
// same loop turn are committed in one transaction (group commit); each is acknowledged only
// after its COMMIT returned.
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import { attempt } from './attempt.ts';
import type { AppendResult, DocStats, DocStore, StoredDoc } from './doc-store.ts';
import { DocTooLargeError, EMPTY_UPDATE } from './doc-store.ts';
import type { StoragePolicy } from './storage-policy.ts';
import { DEFAULT_STORAGE_POLICY, shouldCompact } from './storage-policy.ts';
import type { DocDelta, RowWrite, WriterReply, WriterRequest } from './sqlite-writer-protocol.ts';

export interface SqliteDocStoreDeps {
  /** Database file (a real file: the writer thread opens it too). */
  readonly path: string;
  readonly policy?: StoragePolicy;
  /** 'normal' survives a process crash but may lose the last commits on power loss. */
  readonly synchronous?: 'full' | 'normal';
  /** How a group commit is deferred to the end of the current loop turn (default setImmediate). */
  readonly defer?: (flush: () => void) => void;
  /** Compaction failures lose nothing (the log stays), so they are only reported. */
  readonly onError?: (error: Error) => void;
}

interface DocState {
  seq: number;
  bytes: number;
  count: number;
  baseBytes: number;
}

interface PendingAppend {
  row: RowWrite;
  result: AppendResult;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

/** Distributes over the union, so each request kind keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

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
  const onError = deps.onError ?? ((error: Error) => console.error('doc store:', error));
  const db = new DatabaseSync(deps.path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec(SCHEMA);
  const selectDoc = db.prepare('SELECT seq, bytes, count, base_bytes FROM docs WHERE doc = ?');
  const selectSeq = db.prepare('SELECT seq FROM docs WHERE doc = ?');
  const selectRows = db.prepare('SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq');

  const writer = new Worker(new URL('./sqlite-writer-worker.ts', import.meta.url), {
    workerData: { path: deps.path, synchronous: deps.synchronous ?? 'full' },
  });
  const replies = new Map<number, (reply: WriterReply) => void>();
  let nextId = 0;
  // Keep the process alive only while writes are in flight.
  writer.unref();
  writer.on('message', (reply: WriterReply) => {
    const settle = replies.get(reply.id);
    replies.delete(reply.id);
    if (replies.size === 0) writer.unref();
    settle?.(reply);
  });
  writer.on('error', (error: Error) => {
    broken ??= error;
    for (const settle of replies.values()) settle({ kind: 'error', id: -1, message: error.message });
    replies.clear();
  });

  const request = (message: WithoutId<WriterRequest>): Promise<WriterReply> => {
    const id = ++nextId;
    if (replies.size === 0) writer.ref();
    return new Promise((resolve) => {
      replies.set(id, resolve);
      writer.postMessage({ ...message, id });
    });
  };

  /** Committed plus pending state per doc: seqs are assigned and the size cap checked here. */
  const states = new Map<string, DocState>();
  const compactions = new Map<string, Promise<void>>();
  let pending: PendingAppend[] = [];
  let flushScheduled = false;
  let closed = false;
  /** After a failed write the projected seqs can no longer be trusted: refuse further appends. */
  let broken: Error | undefined;

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

  /** One compaction per doc at a time; a caller asking meanwhile waits for the running one. */
  const compact = (doc: string): Promise<void> => {
    const running = compactions.get(doc);
    if (running) return running;
    const run = request({ kind: 'compact', doc })
      .then((reply) => {
        if (reply.kind === 'error') throw new Error(`compaction of ${doc} failed: ${reply.message}`);
        if (reply.kind !== 'compact' || !reply.change) return;
        const state = stateFor(doc);
        state.bytes -= reply.change.removedBytes - reply.change.mergedBytes;
        state.count -= reply.change.removedCount - 1;
        state.baseBytes = reply.change.mergedBytes;
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
    const deltas = new Map<string, DocDelta>();
    for (const { row } of batch) {
      const delta = deltas.get(row.doc);
      if (delta) {
        delta.seq = row.seq;
        delta.bytes += row.data.length;
        delta.count += 1;
      } else {
        const baseBytes = stateFor(row.doc).baseBytes;
        deltas.set(row.doc, { doc: row.doc, seq: row.seq, bytes: row.data.length, count: 1, baseBytes });
      }
    }
    void request({ kind: 'batch', rows: batch.map((p) => p.row), docs: [...deltas.values()] }).then(
      (reply) => {
        if (reply.kind === 'error') {
          broken ??= new Error(`doc store write failed: ${reply.message}`);
          for (const p of batch) p.reject(broken);
          return;
        }
        for (const p of batch) p.resolve(p.result);
        for (const doc of deltas.keys())
          if (!compactions.has(doc) && shouldCompact(policy, stateFor(doc))) compact(doc).catch(onError);
      },
    );
  };

  const appendNow = (doc: string, update: Uint8Array): Promise<AppendResult> => {
    if (closed) throw new Error('doc store is closed');
    if (broken) throw broken;
    const state = stateFor(doc);
    if (state.bytes + update.length > policy.maxDocBytes) {
      // Merging may reclaim a little (headers, overlaps); the next attempt sees the result.
      if (state.count > 1) compact(doc).catch(onError);
      throw new DocTooLargeError(doc, state.bytes + update.length, policy.maxDocBytes);
    }
    state.seq += 1;
    state.bytes += update.length;
    state.count += 1;
    if (state.count === 1) state.baseBytes = update.length;
    const row = { doc, seq: state.seq, data: update.slice() };
    const result = { seq: state.seq, bytes: state.bytes };
    return new Promise<AppendResult>((resolve, reject) => {
      pending.push({ row, result, resolve, reject });
      if (!flushScheduled) {
        flushScheduled = true;
        defer(flush);
      }
    });
  };

  return {
    load: (doc) =>
      attempt((): StoredDoc => {
        // One read transaction: the seq and the rows come from the same snapshot.
        db.exec('BEGIN');
        try {
          const seq = (selectSeq.get(doc) as { seq: number } | undefined)?.seq ?? 0;
          const rows = selectRows.all(doc) as { data: Uint8Array }[];
          if (rows.length === 0) return { update: EMPTY_UPDATE, seq };
          return { update: rows.length === 1 ? rows[0]!.data : Y.mergeUpdates(rows.map((r) => r.data)), seq };
        } finally {
          db.exec('COMMIT');
        }
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
    stats: (doc) =>
      attempt((): DocStats => {
        const { seq, bytes, count } = committedState(doc);
        return { seq, bytes, count };
      }),
    async close() {
      if (closed) return;
      closed = true;
      flush();
      // The writer handles messages in order: once 'close' is answered, every batch before it is.
      await request({ kind: 'close' });
      await writer.terminate();
      db.close();
    },
  };
}
