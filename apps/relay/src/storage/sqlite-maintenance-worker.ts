// The sqlite DocStore's maintenance thread: it compacts a doc's log (CPU, compact-updates.ts) and checkpoints the WAL
// (fsync) so neither stalls the relay's event loop. It only reads rows and checkpoints; the one
// writer of rows is the store on the main thread.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { compactUpdates } from './compact-updates.ts';
import type { MaintenanceReply, MaintenanceRequest } from './sqlite-maintenance-protocol.ts';

const { path } = workerData as { path: string };
const db = new DatabaseSync(path);
db.exec('PRAGMA busy_timeout = 5000');
const selectRows = db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq');

function handle(request: MaintenanceRequest): MaintenanceReply {
  switch (request.kind) {
    case 'merge': {
      const rows = selectRows.all(request.doc) as { seq: number; data: Uint8Array }[];
      const last = rows.at(-1);
      if (rows.length < 2 || !last) return { kind: 'merge', id: request.id, result: undefined };
      const merged = compactUpdates(rows.map((r) => r.data));
      const removedBytes = rows.reduce((sum, r) => sum + r.data.length, 0);
      return {
        kind: 'merge',
        id: request.id,
        result: { lastSeq: last.seq, merged, removedBytes, removedCount: rows.length },
      };
    }
    case 'checkpoint':
      db.exec('PRAGMA wal_checkpoint(PASSIVE)');
      return { kind: 'checkpoint', id: request.id };
    case 'close':
      db.close();
      return { kind: 'close', id: request.id };
  }
}

parentPort!.on('message', (request: MaintenanceRequest) => {
  let reply: MaintenanceReply;
  try {
    reply = handle(request);
  } catch (error) {
    reply = { kind: 'error', id: request.id, message: String(error) };
  }
  parentPort!.postMessage(reply);
});
