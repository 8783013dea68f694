// One engine measured in its own process (clean heap and RSS), driven by run.ts over IPC.
// argv: <engine> <count> <queriesPerKind>
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import FlexSearch from 'flexsearch';
import type { MailboxId, MessageId } from '@wharf/model';
import {
  createArchiveIndex,
  createOfflineIndex,
  parseQuery,
  participantsText,
  positiveTextLeaves,
  terms,
  type SearchDocument,
  type SearchScope,
} from '@wharf/search';
import { generateCorpus, mailboxIds, PREFIX_KINDS, queryPools, QUERY_KINDS } from './corpus.ts';
import { latency, type EngineName, type EngineResult, type Latency } from './measure.ts';

interface Engine {
  build(docs: readonly SearchDocument[]): Promise<void>;
  /** Returns the number of hits. */
  search(query: string, scope?: SearchScope, prefixLast?: boolean): number | null;
  /** Make `doc` searchable the way new mail arrives. */
  insert(doc: SearchDocument): void;
  diskBytes(): number | null;
  notes(): Record<string, number | string>;
  close(): void;
}

const [engineName, countArg, perKindArg] = process.argv.slice(2) as [EngineName, string, string];
const count = Number(countArg);
const perKind = Number(perKindArg);
const mailboxes = mailboxIds(10);
// A member of 8 of the 10 mailboxes (access policy: non-admins read exactly their mailboxes).
const SCOPE: SearchScope = { readable: mailboxes.slice(0, 8), internal: mailboxes.slice(0, 8) };
// An admin reading 8 mailboxes, a member of 4: internal content must be left out of the other 4.
const ADMIN_SCOPE: SearchScope = { readable: mailboxes.slice(0, 8), internal: mailboxes.slice(0, 4) };
const START = Date.UTC(2024, 0, 1);
const MONTHS = 24;
const END = START + MONTHS * 30 * 86_400_000;

function fts5(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-search-bench-'));
  const file = join(dir, 'store.sqlite');
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  const index = createArchiveIndex(db);
  return {
    async build(docs) {
      await index.rebuild(docs, { batchSize: 1000 });
    },
    search: (q, scope = SCOPE, prefixLast = false) =>
      index.search(q, scope, { limit: 20, prefixLast }).hits.length,
    insert(doc) {
      db.exec('BEGIN');
      index.upsert(doc);
      db.exec('COMMIT');
    },
    diskBytes: () =>
      ['', '-wal'].reduce((sum, s) => sum + (statSync(file + s, { throwIfNoEntry: false })?.size ?? 0), 0),
    notes: () => ({}),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function lunrOffline(): Engine {
  let now = END;
  const index = createOfflineIndex({ now: () => now });
  const notes: Record<string, number | string> = {};
  return {
    async build(docs) {
      for (const doc of docs) index.add(doc);
      index.maintain();
      notes.segments = index.stats().segments.length;
      await Promise.resolve();
    },
    search: (q, scope = SCOPE, prefixLast = false) =>
      index.search(q, scope, { limit: 20, prefixLast }).hits.length,
    insert: (doc) => index.add(doc),
    diskBytes: () => JSON.stringify(index.exportSegments()).length,
    notes: () => {
      // what a worker pays to fold just-arrived mail into the recent segment
      const t = performance.now();
      index.maintain();
      notes.recentSegmentRebuildMs = Math.round(performance.now() - t);
      notes.recentSegmentDocs = index.stats().segments.find((s) => s.id === 'recent')?.documents ?? 0;
      now += 0;
      return notes;
    },
    close() {},
  };
}

function flexsearch(): Engine {
  const index = new FlexSearch.Index({ encode: (s: string) => terms(s), tokenize: 'strict' } as never);
  const textOf = (d: SearchDocument) =>
    [
      d.subject,
      participantsText([...d.from, ...d.to]),
      d.body,
      ...d.attachments.map((a) => `${a.filename} ${a.text}`),
    ].join('\n');
  return {
    async build(docs) {
      for (const doc of docs) index.add(doc.key, textOf(doc));
      await Promise.resolve();
    },
    // Reference only: positive words ANDed; no phrases, filters, negation, permissions or snippets.
    search(q, _scope, prefixLast) {
      if (prefixLast) return null; // built with whole-term tokenization: no prefixes
      const words = positiveTextLeaves(parseQuery(q).ast).map((leaf) => leaf.text);
      if (words.length === 0) return null;
      return index.search(words.join(' '), { limit: 20 }).length;
    },
    insert: (doc) => void index.add(doc.key, textOf(doc)),
    diskBytes: () => null,
    notes: () => ({ scope: 'words only: no phrases, filters, negation, permissions, snippets' }),
    close() {},
  };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main(): Promise<EngineResult> {
  const docs = [...generateCorpus({ count, seed: 42, start: START, months: MONTHS })];
  gc();
  const before = process.memoryUsage();
  const engine = engineName === 'fts5' ? fts5() : engineName === 'lunr' ? lunrOffline() : flexsearch();
  const t0 = performance.now();
  await engine.build(docs);
  const buildMs = performance.now() - t0;
  gc();
  const after = process.memoryUsage();

  const pools = queryPools(7, perKind);
  const queries: Record<string, Latency | null> = {};
  const meanHits: Record<string, number> = {};
  const cpuTime: Record<string, Latency | null> = {};
  const measureKind = (pool: readonly string[], scope: SearchScope, prefixLast = false) => {
    for (const q of pool.slice(0, Math.min(20, pool.length))) engine.search(q, scope, prefixLast); // warm-up
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    let unsupported = 0;
    let hits = 0;
    for (const q of pool) {
      const c = process.cpuUsage();
      const t = performance.now();
      const n = engine.search(q, scope, prefixLast);
      const ms = performance.now() - t;
      const cpu = process.cpuUsage(c);
      if (n === null) unsupported++;
      else {
        samples.push(ms);
        cpuSamples.push((cpu.user + cpu.system) / 1000);
        hits += n;
      }
    }
    const supported = samples.length > 0 && unsupported < pool.length / 2;
    return {
      latency: supported ? latency(samples) : null,
      cpu: supported ? latency(cpuSamples) : null,
      meanHits: samples.length ? hits / samples.length : 0,
    };
  };
  console.error(`${engineName}: built in ${Math.round(buildMs)} ms, querying`);
  for (const kind of QUERY_KINDS) {
    const m = measureKind(pools[kind], SCOPE, PREFIX_KINDS.has(kind));
    console.error(`${engineName}: ${kind} p50 ${m.latency?.p50} ms`);
    queries[kind] = m.latency;
    cpuTime[kind] = m.cpu;
    meanHits[kind] = Math.round(m.meanHits * 10) / 10;
  }
  const adminScope: Record<string, Latency | null> = {};
  if (engineName !== 'flexsearch')
    for (const kind of ['word', 'phrase', 'negation'] as const)
      adminScope[kind] = measureKind(pools[kind], ADMIN_SCOPE).latency;

  const fresh: number[] = [];
  const template = docs[0]!;
  for (let i = 0; i < 50; i++) {
    const token = `zqfresh${i}x`;
    const doc: SearchDocument = {
      ...template,
      key: `fresh-${i}` as MessageId,
      mailbox: 'mb-0' as MailboxId,
      date: END - 1000,
      subject: `Arrived ${token}`,
    };
    const t = performance.now();
    engine.insert(doc);
    let found = engine.search(token) ?? 0;
    while (found === 0) found = engine.search(token) ?? 0; // never loops in practice: inserts are synchronous
    fresh.push(performance.now() - t);
  }

  const result: EngineResult = {
    engine: engineName,
    documents: count,
    buildMs: Math.round(buildMs),
    buildRatePerSec: Math.round(count / (buildMs / 1000)),
    memory: {
      heapMB: mb(after.heapUsed - before.heapUsed),
      rssMB: mb(after.rss - before.rss),
      diskMB: engine.diskBytes() === null ? null : mb(engine.diskBytes()!),
    },
    queries,
    cpuTime,
    meanHits,
    adminScope,
    freshness: latency(fresh),
    notes: engine.notes(),
  };
  engine.close();
  return result;
}

const result = await main();
process.send!(result);
