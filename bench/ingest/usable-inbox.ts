// Ingest as it runs under `npm start`: the bridge writing through a real relay in the same process.
// The usable inbox is timed where a member sees it, the rows arriving at a second client (the web
// app's view, every bucket: open work and the months of history), not in the bridge's own store; the full ingest until every body is in the docs and
// the search index has the docs' thread fields. Same seeded mailbox as the ingest harness.
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { docName, HOT_BUCKET, indexRows, mailboxId } from '@wharf/model';
import { BENCH_HISTORY_DAYS, seedBenchMailbox } from '../../apps/mail-bridge/src/bench/ingest-bench.ts';
import { waitFor } from '../../tests/helpers/poll.ts';
import { startStack } from '../../tests/helpers/stack.ts';

export interface UsableInboxReport {
  messages: number;
  threads: number;
  /** Until the reader holds the first screen of rows (500, newest first). */
  firstScreenMs: number;
  /** Until the reader holds every thread's row. */
  allRowsMs: number;
  messagesPerSec: number;
}

const user = { email: 'bench@wharf.test', password: 'bench' };
const FIRST_SCREEN = 500;

export interface FullIngestReport {
  messages: number;
  /** Until the bridge's sync pass is over (every body stored). */
  syncedMs: number;
  /** Until the docs hold every body and the index every thread's fields from the docs. */
  doneMs: number;
  messagesPerSec: number;
}

const seededStack = (messages: number, metadataOnly: boolean) =>
  startStack({
    users: [user],
    seed: (dovecot) => seedBenchMailbox(dovecot, user.email, messages),
    bridge: { secretKey: Buffer.alloc(32, 1).toString('base64'), start: false, sync: { metadataOnly } },
  });

/** Every bucket the bench mailbox's rows can be in: hot, and each month of its history. */
function bucketNames(now: number): string[] {
  const names = [HOT_BUCKET];
  const month = new Date(now);
  month.setUTCDate(1);
  for (let i = 0; i <= Math.ceil(BENCH_HISTORY_DAYS / 28); i++) {
    names.push(`${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`);
    month.setUTCMonth(month.getUTCMonth() - 1);
  }
  return names;
}

export async function measureUsableInbox(messages: number): Promise<UsableInboxReport> {
  await using stack = await seededStack(messages, true);
  const admin = await stack.relay.admin();
  const reader = stack.connect(admin.session);

  let firstScreenAt: number | undefined;
  let lastRowAt = 0;
  let seen = 0;
  // every bucket (open work in hot, history in its months), counted from the change events:
  // Y.Map's size walks every entry
  for (const bucket of bucketNames(Date.now())) {
    const doc = new Y.Doc();
    reader.attach(docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket }), doc);
    indexRows(doc).observe((event) => {
      for (const change of event.changes.keys.values())
        seen += change.action === 'add' ? 1 : change.action === 'delete' ? -1 : 0;
      lastRowAt = performance.now();
      if (firstScreenAt === undefined && seen >= FIRST_SCREEN) firstScreenAt = lastRowAt;
    });
  }

  const began = performance.now();
  const bridge = stack.startBridge();
  await stack.log.waitFor('synced', undefined, 1_800_000);
  await bridge.docsWritten();
  // the relay has acknowledged every write; its last broadcasts reach the reader right after
  await waitFor(() => performance.now() - lastRowAt > 1000, 'the reader stops receiving rows', 60_000);
  const threads = seen;
  const allRowsMs = lastRowAt - began;
  return {
    messages,
    threads,
    firstScreenMs: Math.round((firstScreenAt ?? lastRowAt) - began),
    allRowsMs: Math.round(allRowsMs),
    messagesPerSec: Math.round((messages / allRowsMs) * 1000),
  };
}

export async function measureFullIngestThroughRelay(messages: number): Promise<FullIngestReport> {
  await using stack = await seededStack(messages, false);
  const began = performance.now();
  const bridge = stack.startBridge();
  await stack.log.waitFor('synced', undefined, 3_600_000);
  const syncedMs = performance.now() - began;
  await bridge.docsWritten();
  await bridge.search.followed();
  const doneMs = performance.now() - began;
  return {
    messages,
    syncedMs: Math.round(syncedMs),
    doneMs: Math.round(doneMs),
    messagesPerSec: Math.round((messages / doneMs) * 1000),
  };
}
