// Pure core: what to fetch from one folder, given the cursor saved after the last batch and the
// folder's status now. No I/O; the IMAP shell executes the plan batch by batch and saves the
// cursor that `afterBatch` returns, so a crash at any point resumes without gaps or repeats.
//
// UIDs below `uidNext` and at or above `backfillBelow` are known. The initial sync walks down from
// the top (newest first, so the inbox is usable early); new mail is fetched upwards from `uidNext`.

export interface FolderCursor {
  uidValidity: string;
  /** Every UID below this was looked at (unless below backfillBelow). */
  uidNext: number;
  /** UIDs below this are not fetched yet; 1 when the initial sync is complete. */
  backfillBelow: number;
  /** CONDSTORE modseq when the cursor was saved; undefined on servers without CONDSTORE. */
  highestModseq: string | undefined;
}

export interface FolderStatus {
  uidValidity: string;
  uidNext: number;
  highestModseq: string | undefined;
  messages: number;
}

export interface UidRange {
  from: number;
  to: number;
}

export interface FolderSyncPlan {
  /** The folder must be matched again from scratch: its old UIDs mean nothing now. */
  reset: 'first-sync' | 'uidvalidity-changed' | undefined;
  /** New mail above the saved top, oldest first. */
  newMail: UidRange | undefined;
  /** Older mail still to backfill, fetched newest first in batches. */
  backfill: UidRange | undefined;
  /** How to learn about flag changes and expunges of known messages. */
  flags: { kind: 'none' } | { kind: 'changed-since'; modseq: string } | { kind: 'full-scan' };
  /** The cursor to work from (already reset if needed). */
  cursor: FolderCursor;
}

export function planFolderSync(
  saved: FolderCursor | undefined,
  status: FolderStatus,
  capabilities: { condstore: boolean },
): FolderSyncPlan {
  if (!saved || saved.uidValidity !== status.uidValidity) {
    const cursor: FolderCursor = {
      uidValidity: status.uidValidity,
      uidNext: status.uidNext,
      backfillBelow: status.uidNext,
      highestModseq: status.highestModseq,
    };
    return {
      reset: saved ? 'uidvalidity-changed' : 'first-sync',
      newMail: undefined,
      backfill: status.uidNext > 1 ? { from: 1, to: status.uidNext - 1 } : undefined,
      flags: { kind: 'none' },
      cursor,
    };
  }
  const newMail =
    status.uidNext > saved.uidNext ? { from: saved.uidNext, to: status.uidNext - 1 } : undefined;
  const backfill = saved.backfillBelow > 1 ? { from: 1, to: saved.backfillBelow - 1 } : undefined;
  let flags: FolderSyncPlan['flags'] = { kind: 'none' };
  if (capabilities.condstore && saved.highestModseq !== undefined && status.highestModseq !== undefined) {
    if (status.highestModseq !== saved.highestModseq)
      flags = { kind: 'changed-since', modseq: saved.highestModseq };
  } else if (saved.uidNext > 1) flags = { kind: 'full-scan' };
  return { reset: undefined, newMail, backfill, flags, cursor: saved };
}

/** The next backfill batch, newest first: the `size` UIDs just below `backfillBelow`. */
export function nextBackfillBatch(cursor: FolderCursor, size: number): UidRange | undefined {
  if (cursor.backfillBelow <= 1) return undefined;
  return { from: Math.max(1, cursor.backfillBelow - size), to: cursor.backfillBelow - 1 };
}

/** The next batch of new mail, oldest first. */
export function nextNewMailBatch(
  cursor: FolderCursor,
  serverUidNext: number,
  size: number,
): UidRange | undefined {
  if (serverUidNext <= cursor.uidNext) return undefined;
  return { from: cursor.uidNext, to: Math.min(serverUidNext - 1, cursor.uidNext + size - 1) };
}

/** The cursor to save once every message of `batch` is stored. */
export function afterBatch(
  cursor: FolderCursor,
  batch: UidRange,
  kind: 'backfill' | 'new-mail',
): FolderCursor {
  if (kind === 'backfill') return { ...cursor, backfillBelow: Math.min(cursor.backfillBelow, batch.from) };
  return { ...cursor, uidNext: Math.max(cursor.uidNext, batch.to + 1) };
}

/** Progress of one folder's initial sync: how many UIDs of the range are done. */
export function backfillProgress(
  cursor: FolderCursor,
  startedAtUidNext: number,
): { done: number; total: number } {
  const total = Math.max(0, startedAtUidNext - 1);
  return { done: Math.max(0, startedAtUidNext - cursor.backfillBelow), total };
}
