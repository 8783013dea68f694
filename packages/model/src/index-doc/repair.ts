// Keeping index rows true. A row is replaced whole, so two peers changing different fields of
// one thread concurrently could each write a row missing the other's change. The rule (SPEC
// [IX1]): the row is always `summarizeThread(thread)`, and any peer holding both docs that sees
// a different row rewrites it. Once the thread doc has converged, every such rewrite writes the
// same value, so the rows converge too.
import type * as Y from 'yjs';
import type { MailboxId, ThreadId } from '../ids.ts';
import type { Origin } from '../origins.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { threadMaps } from '../thread/maps.ts';
import { sameJson } from './json.ts';
import { bucketFor, summarizeThread } from './summary.ts';
import type { ThreadSummary } from './summary.ts';

/** Resolves (opening or creating) the index doc `index/<mailboxId>/<bucket>`. */
export type IndexDocs = (mailboxId: MailboxId, bucket: string) => Y.Doc;

export function indexRows(doc: Y.Doc): Y.Map<ThreadSummary> {
  return doc.getMap('rows');
}

/**
 * Writes the thread's row into the bucket it belongs to and removes it from every other bucket
 * it was ever written to. Returns true when anything was written.
 */
export function repairIndexRow(thread: Y.Doc, index: IndexDocs, origin: Origin): boolean {
  const summary = summarizeThread(thread);
  if (!summary) return false;
  const target = bucketFor(summary);
  const buckets = threadMaps(thread).buckets;
  let changed = false;
  if (!buckets.has(target)) {
    thread.transact(() => buckets.set(target, true), origin);
    changed = true;
  }
  for (const bucket of [...buckets.keys()].sort()) {
    const doc = index(summary.mailboxId, bucket);
    const rows = indexRows(doc);
    const row = rows.get(summary.threadId);
    if (bucket === target ? sameJson(row, summary) : row === undefined) continue;
    ensureSchema(doc, 'index');
    doc.transact(() => {
      if (bucket === target) rows.set(summary.threadId, summary);
      else rows.delete(summary.threadId);
    }, origin);
    changed = true;
  }
  return changed;
}

export function readIndexRow(doc: Y.Doc, threadId: ThreadId): ThreadSummary | undefined {
  return indexRows(doc).get(threadId);
}
