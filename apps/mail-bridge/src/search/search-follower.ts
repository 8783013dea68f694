// Keeps the archive index's thread fields true to the docs. Status, assignee, customer and tags
// come from the index rows (the bridge holds the hot buckets anyway; this adds the month buckets
// where closed threads live); comments and notes come from the thread doc, which is opened only
// when the row's discussion fingerprint (SPEC [IX4]) differs from the one the index last read.
// Work is proportional to changed rows: an observed row is compared with what the index holds and
// nothing is written when it matches; no thread doc is opened to poll.
//
// Which buckets: `hot`, this month and last month (where a close lands, also from a client whose
// clock or sync lags), and every month bucket a thread of this mailbox was ever seen in (kept in
// the index, so after a restart the follower reattaches them). Memory grows with the closed rows
// held (~430 bytes a row encoded, bench:model); CPU only with the updates that arrive.
import type * as Y from 'yjs';
import {
  bucketFor,
  customerIndexRows,
  discussionFingerprint,
  docName,
  HOT_BUCKET,
  indexRows,
  mailboxId as toMailboxId,
  threadId as toThreadId,
  threadMaps,
  workspaceTable,
  type CustomerRow,
  type Member,
  type ThreadSummary,
} from '@wharf/model';
import { foldWord, type ThreadFields } from '@wharf/search';
import type { DocRegistry } from '../docs/doc-registry.ts';
import { docSynced } from '../docs/wait.ts';
import type { Timers } from '../imap/mailbox-sync.ts';
import type { BridgeStore } from '../store/bridge-store.ts';

export interface SearchFollowerDeps {
  store: Pick<BridgeStore, 'listMailboxes' | 'searchThread' | 'setSearchThreads' | 'searchThreadsSeenIn'>;
  docs: DocRegistry;
  clock: { now(): number };
  timers: Timers;
  /** How long to wait for a thread doc to sync before giving up on this change (default 30 s). */
  timeoutMs?: number;
  /**
   * A thread doc that could not be read (e.g. it did not sync in time; asked again on its next change),
   * or thread fields the store refused (written again a second later).
   */
  onError?: (error: unknown, mailboxId: string) => void;
}

export interface SearchFollower {
  start(): void;
  stop(): Promise<void>;
  /** Resolves when no thread doc is waiting to be read and the index holds every change seen. */
  idle(): Promise<void>;
  /** The workspace's members (for `assignee:` by name or address). */
  members(): Member[];
  /** The customers index rows (for `customer:` by name or company). */
  customers(): CustomerRow[];
}

interface HeldBucket {
  mailbox: string;
  bucket: string;
  doc: Y.Doc;
  off: () => void;
}

const monthOf = (ms: number, back = 0) => {
  const d = new Date(ms);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
  return `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
};

/** A failed batch of thread fields is written again after this long. */
const RETRY_MS = 1000;

const foldTags = (tags: readonly string[]) => [...new Set(tags.map((t) => foldWord(t.trim())))];

/** What the index should hold for a row, apart from the internal content. */
function rowFields(mailbox: string, row: ThreadSummary, bucket: string) {
  return {
    mailbox: toMailboxId(mailbox),
    thread: row.threadId,
    status: row.status,
    assignee: row.assignee,
    customer: row.customerId,
    tags: foldTags(row.tags),
    seenIn: bucket,
  };
}

const sameFields = (a: ThreadFields, b: ReturnType<typeof rowFields>) =>
  a.status === b.status &&
  a.assignee === b.assignee &&
  a.customer === b.customer &&
  a.seenIn === b.seenIn &&
  JSON.stringify(a.tags) === JSON.stringify(b.tags);

export function createSearchFollower(deps: SearchFollowerDeps): SearchFollower {
  const { store, docs, timers } = deps;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const held = new Map<string, HeldBucket>();
  const reading: string[] = []; // `${mailbox}/${thread}` waiting for their thread doc
  let working: Promise<void> | undefined;
  let workspace: Y.Doc | undefined;
  let customersIndex: Y.Doc | undefined;
  let stopped = true;

  // Fields written together once the current burst of row changes is over (an initial sync changes
  // thousands of rows): one transaction, one FTS5 segment, instead of one per thread.
  const unwritten = new Map<string, ThreadFields>();
  let writeTimer: unknown;
  const fieldsOf = (mailbox: string, threadId: string) =>
    unwritten.get(`${mailbox}/${threadId}`) ?? store.searchThread(mailbox, threadId);
  const writeFields = (fields: ThreadFields, delayMs = 0) => {
    unwritten.set(`${fields.mailbox}/${fields.thread}`, fields);
    writeTimer ??= timers.setTimeout(flushFields, delayMs);
  };
  const flushFields = () => {
    if (writeTimer !== undefined) timers.clearTimeout(writeTimer);
    writeTimer = undefined;
    const list = [...unwritten.values()];
    unwritten.clear();
    try {
      store.setSearchThreads(list);
    } catch (error) {
      // e.g. the store busy past its timeout: kept (unless changed since) and tried again shortly
      deps.onError?.(error, list[0]?.mailbox ?? '');
      for (const fields of list)
        if (!unwritten.has(`${fields.mailbox}/${fields.thread}`)) writeFields(fields, RETRY_MS);
    }
  };

  /** The row the inbox would show (model's collectRows preference), and the bucket it is in. */
  const currentRow = (mailbox: string, threadId: string) => {
    let best: { row: ThreadSummary; bucket: string; rank: number } | undefined;
    for (const h of held.values()) {
      if (h.mailbox !== mailbox) continue;
      const row = indexRows(h.doc).get(threadId);
      if (!row) continue;
      const rank = (bucketFor(row) === h.bucket ? 2 : 0) + (h.bucket === HOT_BUCKET ? 0 : 1);
      if (!best || rank > best.rank || (rank === best.rank && h.bucket > best.bucket))
        best = { row, bucket: h.bucket, rank };
    }
    return best;
  };

  const onRowChanged = (mailbox: string, threadId: string) => {
    const current = currentRow(mailbox, threadId);
    if (!current) return; // moved to a bucket not held yet: its arrival there brings it back
    const fields = rowFields(mailbox, current.row, current.bucket);
    const stored = fieldsOf(mailbox, threadId);
    const version = current.row.discussion === undefined ? null : String(current.row.discussion);
    // A row without a fingerprint (written before it existed) is read once; 0 means no discussion.
    const mustRead =
      version === null
        ? stored?.internalVersion == null
        : version !== '0' && stored?.internalVersion !== version;
    const internal = version === '0' ? [] : (stored?.internal ?? []);
    const internalVersion = version === '0' ? '0' : (stored?.internalVersion ?? null);
    if (!stored || !sameFields(stored, fields) || (version === '0' && stored.internalVersion !== '0'))
      writeFields({ ...fields, internal, internalVersion });
    if (mustRead) enqueueRead(mailbox, threadId);
    if (current.bucket !== HOT_BUCKET) hold(mailbox, current.bucket);
  };

  const enqueueRead = (mailbox: string, threadId: string) => {
    const key = `${mailbox}/${threadId}`;
    if (stopped || reading.includes(key)) return;
    reading.push(key);
    working ??= drain().finally(() => (working = undefined));
  };

  async function drain() {
    while (reading.length > 0 && !stopped) {
      const key = reading.shift()!;
      const slash = key.indexOf('/');
      const [mailbox, threadId] = [key.slice(0, slash), key.slice(slash + 1)];
      const name = docName({
        kind: 'thread',
        mailboxId: toMailboxId(mailbox),
        threadId: toThreadId(threadId),
      });
      const doc = docs.acquire(name);
      try {
        await docSynced(docs.client, timers, name, timeoutMs);
        const maps = threadMaps(doc);
        const entries = [
          ...[...maps.comments.values()].filter((c) => !c.deleted).map((c) => ({ at: c.at, body: c.body })),
          ...[...maps.notes.values()].filter((n) => !n.deleted).map((n) => ({ at: n.at, body: n.body })),
        ].sort((a, b) => a.at - b.at);
        const current = currentRow(mailbox, threadId);
        const stored = fieldsOf(mailbox, threadId);
        const base = current
          ? rowFields(mailbox, current.row, current.bucket)
          : stored
            ? { ...stored }
            : undefined;
        if (base)
          writeFields({
            ...base,
            internal: entries.map((e) => e.body),
            internalVersion: String(discussionFingerprint(maps)),
          });
      } catch (error) {
        // the next change of the row asks again
        deps.onError?.(error, mailbox);
      } finally {
        docs.release(name);
      }
    }
  }

  const hold = (mailbox: string, bucket: string) => {
    const name = docName({ kind: 'index', mailboxId: toMailboxId(mailbox), bucket });
    if (held.has(name) || stopped) return;
    const doc = docs.acquire(name);
    const rows = indexRows(doc);
    const onRows = (event: Y.YMapEvent<ThreadSummary>) => {
      if (bucket === HOT_BUCKET) holdRecent(mailbox); // a close lands in this month's bucket
      for (const threadId of event.keysChanged as Set<string>) onRowChanged(mailbox, threadId);
    };
    rows.observe(onRows);
    held.set(name, { mailbox, bucket, doc, off: () => rows.unobserve(onRows) });
    for (const threadId of rows.keys()) onRowChanged(mailbox, threadId);
  };

  const holdRecent = (mailbox: string) => {
    const now = deps.clock.now();
    hold(mailbox, monthOf(now));
    hold(mailbox, monthOf(now, 1));
  };

  return {
    start() {
      stopped = false;
      workspace ??= docs.acquire('workspace');
      customersIndex ??= docs.acquire(docName({ kind: 'customers' }));
      for (const mailbox of store.listMailboxes()) {
        if (mailbox.paused) continue;
        hold(mailbox.id, HOT_BUCKET);
        holdRecent(mailbox.id);
        for (const bucket of store.searchThreadsSeenIn(mailbox.id))
          if (bucket !== HOT_BUCKET) hold(mailbox.id, bucket);
      }
    },
    async stop() {
      stopped = true;
      await working;
      flushFields();
      for (const [name, h] of held) {
        h.off();
        docs.release(name);
      }
      held.clear();
      if (workspace) docs.release('workspace');
      workspace = undefined;
      if (customersIndex) docs.release(docName({ kind: 'customers' }));
      customersIndex = undefined;
    },
    async idle() {
      while (working) await working;
      flushFields();
    },
    members() {
      return workspace ? [...workspaceTable(workspace, 'members').values()] : [];
    },
    customers() {
      return customersIndex ? [...customerIndexRows(customersIndex).values()] : [];
    },
  };
}
