// In-memory DocStore: for unit tests and as the reference the conformance suite is read against.
import * as Y from 'yjs';
import type { AppendResult, DocStats, DocStore, StoredDoc } from './doc-store.ts';
import { attempt } from './attempt.ts';
import { compactUpdates } from './compact-updates.ts';
import { DocTooLargeError, EMPTY_UPDATE } from './doc-store.ts';
import type { StoragePolicy } from './storage-policy.ts';
import { DEFAULT_STORAGE_POLICY, shouldCompact } from './storage-policy.ts';

interface Log {
  rows: Uint8Array[];
  seq: number;
  bytes: number;
}

export function createMemoryDocStore(policy: StoragePolicy = DEFAULT_STORAGE_POLICY): DocStore {
  const logs = new Map<string, Log>();
  let closed = false;

  const logFor = (doc: string): Log => {
    let log = logs.get(doc);
    if (!log) logs.set(doc, (log = { rows: [], seq: 0, bytes: 0 }));
    return log;
  };

  const compactLog = (log: Log) => {
    if (log.rows.length < 2) return;
    const merged = compactUpdates(log.rows);
    log.rows = [merged];
    log.bytes = merged.length;
  };

  const shape = (log: Log) => ({
    baseBytes: log.rows[0]?.length ?? 0,
    bytes: log.bytes,
    count: log.rows.length,
  });

  const appendNow = (doc: string, update: Uint8Array): AppendResult => {
    if (closed) throw new Error('doc store is closed');
    const log = logFor(doc);
    if (log.bytes + update.length > policy.maxDocBytes) compactLog(log);
    if (log.bytes + update.length > policy.maxDocBytes)
      throw new DocTooLargeError(doc, log.bytes + update.length, policy.maxDocBytes);
    log.rows.push(update.slice());
    log.bytes += update.length;
    log.seq += 1;
    if (shouldCompact(policy, shape(log))) compactLog(log);
    return { seq: log.seq, bytes: log.bytes };
  };

  return {
    load(doc): Promise<StoredDoc> {
      const log = logs.get(doc);
      if (!log || log.rows.length === 0) return Promise.resolve({ update: EMPTY_UPDATE, seq: 0 });
      const update = log.rows.length === 1 ? log.rows[0]! : Y.mergeUpdates(log.rows);
      return Promise.resolve({ update, seq: log.seq });
    },
    append: (doc, update) => attempt(() => appendNow(doc, update)),
    names: (prefix) =>
      Promise.resolve(
        [...logs.entries()]
          .filter(([name, log]) => name.startsWith(prefix) && log.seq > 0)
          .map(([name]) => name)
          .sort(),
      ),
    compact(doc) {
      const log = logs.get(doc);
      if (log) compactLog(log);
      return Promise.resolve();
    },
    seqs(docs) {
      return Promise.resolve(new Map(docs.map((doc) => [doc, logs.get(doc)?.seq ?? 0])));
    },
    stats(doc): Promise<DocStats> {
      const log = logs.get(doc);
      return Promise.resolve({ seq: log?.seq ?? 0, bytes: log?.bytes ?? 0, count: log?.rows.length ?? 0 });
    },
    settled: () => Promise.resolve(),
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
}
