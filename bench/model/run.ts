// Measures the model's docs against the budgets of design §2 (not a test: numbers only).
// `npm run bench:model` — prints one JSON object.
import * as Y from 'yjs';
import {
  addComment,
  addMessages,
  addNote,
  addTag,
  collectRows,
  inboxView,
  assignThread,
  docName,
  indexRows,
  repairIndexRow,
  setThreadStatus,
  summarizeThread,
  userId,
  type IndexDocs,
} from '@wharf/model';
import { createPrng, manualClock, messageRef, threadStart, userContext } from '@wharf/model/testing';

const clock = manualClock();
const users = ['ann', 'bob', 'cho', 'dan'].map(userId);

function typicalThread(id: string): Y.Doc {
  const doc = new Y.Doc();
  const bridge = userContext('bridge', clock);
  const refs = [0, 1, 2, 3, 4].map((i) =>
    messageRef(`${id}-m${i}`, {
      direction: i % 2 === 0 ? 'in' : 'out',
      date: clock.now() + i * 3_600_000,
      snippet: 'Dear Sir, please quote FOB Ningbo for 2,000 pcs of the stainless steel vacuum flask, 500 ml',
    }),
  );
  addMessages(doc, threadStart(id), refs, bridge);
  const ann = userContext('ann', clock);
  assignThread(doc, users[1]!, ann);
  addTag(doc, 'quote', ann);
  addComment(doc, { body: '@bob can you check the MOQ?', mentions: [users[1]!] }, ann);
  addComment(doc, { body: 'MOQ is 1,000', parentId: undefined }, userContext('bob', clock));
  addNote(doc, 'Customer prefers T/T 30% deposit', ann);
  setThreadStatus(doc, { status: 'pending' }, ann);
  return doc;
}

function timeMs(fn: () => void, repeat = 1): number {
  const start = performance.now();
  for (let i = 0; i < repeat; i += 1) fn();
  return (performance.now() - start) / repeat;
}

function heapMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

const thread = typicalThread('t0');
const threadUpdate = Y.encodeStateAsUpdate(thread);
const threadOpenMs = timeMs(() => Y.applyUpdate(new Y.Doc(), threadUpdate), 1000);

function bucket(rows: number): Uint8Array {
  const doc = new Y.Doc();
  const base = summarizeThread(thread)!;
  doc.transact(() => {
    for (let i = 0; i < rows; i += 1)
      indexRows(doc).set(`t${i}`, { ...base, threadId: base.threadId, subject: `Quote ${i}` });
  });
  return Y.encodeStateAsUpdate(doc);
}

/** Median of three cold loads (after one warm-up), and the heap one loaded doc holds. */
function loadStats(update: Uint8Array, rows: number) {
  Y.applyUpdate(new Y.Doc(), update);
  const times = [0, 1, 2].map(() => timeMs(() => Y.applyUpdate(new Y.Doc(), update))).sort((a, b) => a - b);
  const before = heapMb();
  const held = new Y.Doc();
  Y.applyUpdate(held, update);
  const heap = heapMb() - before;
  return {
    rows: indexRows(held).size,
    bytes: update.byteLength,
    bytesPerRow: Math.round(update.byteLength / rows),
    loadMs: Math.round(times[1]!),
    heapMb: Math.round(heap),
  };
}

/** Rewrites random rows `writes` times, as assignment/status churn does to the hot bucket. */
function churned(rows: number, writes: number): Uint8Array {
  const prng = createPrng(1);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, bucket(rows));
  const map = indexRows(doc);
  for (let i = 0; i < writes; i += 1) {
    const key = `t${prng.int(rows)}`;
    const row = map.get(key)!;
    map.set(key, { ...row, assignee: prng.pick(users) });
  }
  return Y.encodeStateAsUpdate(doc);
}

// The inbox list of a 10,000-row bucket: collect, filter, sort, copy and freeze.
const bigBucket = new Y.Doc();
Y.applyUpdate(bigBucket, bucket(10_000));
const inboxCtx = { me: users[0]!, now: clock.now() };
inboxView(collectRows([{ bucket: 'hot', doc: bigBucket }]), { kind: 'all' }, inboxCtx);
const inboxViewMs = timeMs(
  () => inboxView(collectRows([{ bucket: 'hot', doc: bigBucket }]), { kind: 'all' }, inboxCtx),
  5,
);

// Cost of one user operation with the index row kept true.
const opDoc = typicalThread('t1');
const index = new Map<string, Y.Doc>();
const indexDocs: IndexDocs = (m, b) => {
  const name = docName({ kind: 'index', mailboxId: m, bucket: b });
  let doc = index.get(name);
  if (!doc) index.set(name, (doc = new Y.Doc()));
  return doc;
};
repairIndexRow(opDoc, indexDocs, { kind: 'relay' });
const ctx = userContext('ann', clock, indexDocs);
let n = 0;
const assignWithIndexUs =
  timeMs(() => assignThread(opDoc, users[(n += 1) % users.length]!, ctx), 2000) * 1000;

console.log(
  JSON.stringify(
    {
      thread: { bytes: threadUpdate.byteLength, openMs: Number(threadOpenMs.toFixed(3)) },
      rowJsonChars: JSON.stringify(summarizeThread(thread)).length,
      bucket5k: loadStats(bucket(5_000), 5_000),
      bucket10k: loadStats(bucket(10_000), 10_000),
      bucket10kAfter100kRewrites: loadStats(churned(10_000, 100_000), 10_000),
      inboxView10kRowsMs: Math.round(inboxViewMs),
      assignWithIndexRowUs: Math.round(assignWithIndexUs),
    },
    null,
    2,
  ),
);
