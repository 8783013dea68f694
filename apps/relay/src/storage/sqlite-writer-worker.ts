// The write side of the sqlite DocStore, on its own thread: COMMIT with synchronous=FULL waits for
// fsync, and merging a doc's log costs CPU; neither may stall the relay's event loop. Messages are
// handled one at a time, so batches and compactions reach the file in the order they were sent.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import type { WriterReply, WriterRequest } from './sqlite-writer-protocol.ts';

const { path, synchronous } = workerData as { path: string; synchronous: 'full' | 'normal' };
const db = new DatabaseSync(path);
db.exec('PRAGMA journal_mode = WAL');
db.exec(`PRAGMA synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
db.exec('PRAGMA busy_timeout = 5000');

const insertRow = db.prepare('INSERT INTO doc_updates (doc, seq, data) VALUES (?, ?, ?)');
const upsertDoc = db.prepare(
  `INSERT INTO docs (doc, seq, bytes, count, base_bytes) VALUES (?, ?, ?, ?, ?)
   ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, bytes = docs.bytes + excluded.bytes,
     count = docs.count + excluded.count`,
);
const selectRows = db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq');
const deleteRowsUpTo = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
const setDoc = db.prepare('UPDATE docs SET bytes = ?, count = ?, base_bytes = ? WHERE doc = ?');

function transaction(fn: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    fn();
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function handle(request: WriterRequest): WriterReply {
  switch (request.kind) {
    case 'batch':
      transaction(() => {
        for (const row of request.rows) insertRow.run(row.doc, row.seq, row.data);
        // Deltas, not absolute values: a compaction may have run between this batch's projection and now.
        for (const d of request.docs) upsertDoc.run(d.doc, d.seq, d.bytes, d.count, d.baseBytes);
      });
      return { kind: 'batch', id: request.id };
    case 'compact': {
      const rows = selectRows.all(request.doc) as { seq: number; data: Uint8Array }[];
      const last = rows.at(-1);
      if (rows.length < 2 || !last)
        return { kind: 'compact', id: request.id, doc: request.doc, change: undefined };
      const merged = Y.mergeUpdates(rows.map((r) => r.data));
      const removedBytes = rows.reduce((sum, r) => sum + r.data.length, 0);
      transaction(() => {
        deleteRowsUpTo.run(request.doc, last.seq);
        insertRow.run(request.doc, last.seq, merged);
        setDoc.run(merged.length, 1, merged.length, request.doc);
      });
      return {
        kind: 'compact',
        id: request.id,
        doc: request.doc,
        change: { removedBytes, removedCount: rows.length, mergedBytes: merged.length },
      };
    }
    case 'close':
      db.close();
      return { kind: 'close', id: request.id };
  }
}

parentPort!.on('message', (request: WriterRequest) => {
  try {
    parentPort!.postMessage(handle(request));
  } catch (error) {
    parentPort!.postMessage({ kind: 'error', id: request.id, message: String(error) } satisfies WriterReply);
  }
});
