// Compaction folds a doc's log into one update through a Y.Doc, so what was deleted or overwritten
// (a map key written again: an index row after every change to its thread) leaves only Yjs's small
// tombstone. Y.mergeUpdates keeps every deleted value in full: an index bucket whose 5,000 rows were
// each written four times merged to 9.9 MB, 2.7 MB through a doc (about its live size), and the
// hot bucket of a 10,000-message import hit the 5 MB cap and refused rows (bench/ingest).
import * as Y from 'yjs';

export function compactUpdates(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    // updates whose dependencies are missing stay pending in the doc and are encoded with it
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
