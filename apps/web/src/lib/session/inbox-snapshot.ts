// The inbox's first screens as plain values: what every list (each view, mailbox and tag) shows
// at its top, so the app can paint from IndexedDB before the index buckets' Yjs updates are
// decoded (≈ 60 ms per 5,000 rows in Chromium here). Pure: the caller stores and reads it.
import { newestFirst, viewsOf, type InboxContext, type ThreadId, type ThreadSummary } from '@wharf/model';

/** Key of the snapshot in the local doc store. */
export const INBOX_SNAPSHOT_KEY = 'inbox-first-screens';
/** Rows kept per list: more than a tall screen shows at 64 px a row. */
export const ROWS_PER_LIST = 60;

export interface InboxSnapshot {
  /** The value's shape; a snapshot of another version is ignored. */
  version: 1;
  rows: ThreadSummary[];
  /** Of the rows, the threads the user was mentioned in (the Mentions view). */
  mentioned: ThreadId[];
}

/**
 * The newest `perList` rows of every list, once each. A view's first screen drawn from these is
 * the same as drawn from every row, at the clock of `ctx` (a snooze ending later shows once the
 * docs are loaded).
 */
export function firstScreenRows(
  summaries: readonly ThreadSummary[],
  ctx: InboxContext,
  perList = ROWS_PER_LIST,
): ThreadSummary[] {
  const taken = new Map<string, number>();
  const wants = (list: string) => (taken.get(list) ?? 0) < perList;
  const kept: ThreadSummary[] = [];
  for (const row of [...summaries].sort(newestFirst)) {
    const views = viewsOf(row, ctx);
    const lists = views.includes('all')
      ? [...views, `mailbox:${row.mailboxId}`, ...row.tags.map((tag) => `tag:${tag}`)]
      : views;
    if (!lists.some(wants)) continue;
    kept.push(row);
    for (const list of lists) taken.set(list, (taken.get(list) ?? 0) + 1);
  }
  return kept;
}

export function inboxSnapshot(summaries: readonly ThreadSummary[], ctx: InboxContext): InboxSnapshot {
  const rows = firstScreenRows(summaries, ctx);
  const mentioned = rows.filter((row) => ctx.mentionedThreads?.has(row.threadId)).map((row) => row.threadId);
  return { version: 1, rows, mentioned };
}

/** The stored value as a snapshot, if it has this version's shape. */
export function usableSnapshot(value: unknown): InboxSnapshot | undefined {
  const snapshot = value as Partial<InboxSnapshot> | undefined;
  const usable = snapshot?.version === 1 && Array.isArray(snapshot.rows) && Array.isArray(snapshot.mentioned);
  return usable ? (snapshot as InboxSnapshot) : undefined;
}
