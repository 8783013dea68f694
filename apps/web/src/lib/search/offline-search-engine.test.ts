import { describe, expect, it } from 'vitest';
import type { MailboxId, ThreadSummary } from '@wharf/model';
import { createOfflineIndex, type QueryNode, parseQuery, type SerializedSegment } from '@wharf/search';
import type { HeldThread } from './offline-documents.ts';
import { createOfflineSearchEngine, type OfflineSearchEngineDeps } from './offline-search-engine.ts';
import type { SegmentStore } from './segment-store.ts';
import { testRow } from './test-rows.ts';

const NOW = Date.parse('2026-11-23T00:00:00Z');
const DAY = 86_400_000;

const row = (id: string, subject: string, lastActivity: number, over: Partial<ThreadSummary> = {}) =>
  testRow({ threadId: id as ThreadSummary['threadId'], subject, lastActivity, ...over });

/** The IndexedDB store's contract in memory (structured clone like IndexedDB). */
function memorySegments(): SegmentStore & { saved: Map<string, SerializedSegment> } {
  const saved = new Map<string, SerializedSegment>();
  return {
    saved,
    loadAll: () => Promise.resolve([...saved.values()].map((s) => structuredClone(s))),
    save(put, keep) {
      for (const id of [...saved.keys()]) if (!keep.has(id)) saved.delete(id);
      for (const s of put) saved.set(s.id, structuredClone(s));
      return Promise.resolve();
    },
    close: () => {},
  };
}

function engine(segments: SegmentStore, held: Map<string, HeldThread> = new Map()) {
  const deps: OfflineSearchEngineDeps = {
    index: createOfflineIndex({ now: () => NOW }),
    segments,
    held: {
      threads: () =>
        Promise.resolve([...held.keys()].map((id) => ({ mailboxId: 'sales', threadId: id, name: id }))),
      load: (name) => Promise.resolve(held.get(name)),
    },
    bodies: { text: (_, id) => Promise.resolve(id === 'm-9' ? 'body says Zollnummer' : undefined) },
    // the delayed maintenance runs when settled() asks for it; a yield between builds runs at once
    timers: {
      setTimeout: (fn, ms) => {
        if (ms === 0) queueMicrotask(fn);
        return 1;
      },
      clearTimeout: () => {},
    },
    elapsed: () => 0,
  };
  return createOfflineSearchEngine(deps);
}

const scope = { readable: ['sales' as MailboxId], internal: ['sales' as MailboxId] };
const ast = (q: string): QueryNode => parseQuery(q).ast!;

describe('search worker core', () => {
  const rows = [
    row('old-1', '样品 request for samples', NOW - 60 * DAY),
    row('old-2', 'price list 价格表', NOW - 90 * DAY),
    row('new-1', '询价 valves', NOW - DAY),
  ];

  it('builds segments once, saves closed months, and a restart restores them instead of rebuilding', async () => {
    const store = memorySegments();
    const first = engine(store);
    await first.rows(rows, []);
    const built = await first.settled();
    expect(built.pending).toBe(0);
    expect(built.rebuilt).toEqual(['recent', '2026-09', '2026-08']);
    expect([...store.saved.keys()].sort()).toEqual(['2026-08', '2026-09']);

    const second = engine(store);
    await second.rows(rows, []);
    const restored = await second.settled();
    expect(restored.segmentsRestored).toBe(2);
    expect(restored.rebuilt).toEqual(['recent']);
    expect((await second.search(ast('样品'), scope, {})).hits.map((h) => h.key)).toEqual(['sales/old-1']);
  });

  it('finds a thread by its new content after it changed, and forgets a removed thread', async () => {
    const store = memorySegments();
    const first = engine(store);
    await first.rows(rows, []);
    await first.settled();
    const second = engine(store);
    const changed = [
      row('old-1', '样品 request for samples', NOW - 60 * DAY, { snippet: '合同已签 contract signed' }),
      rows[1]!,
      rows[2]!,
    ];
    await second.rows(changed, []);
    const stats = await second.settled();
    expect(stats.pending).toBe(1); // its closed month is not rebuilt for one change
    expect((await second.search(ast('合同'), scope, {})).hits.map((h) => h.key)).toEqual(['sales/old-1']);
    await second.rows([], ['sales/new-1']);
    expect((await second.search(ast('询价'), scope, {})).hits).toEqual([]);
  });

  it('adds held thread docs and their cached bodies', async () => {
    const held = new Map<string, HeldThread>([
      [
        'new-1',
        {
          participants: [],
          recipients: [],
          subjects: [],
          snippets: [],
          attachments: [],
          internal: ['内部备注 call the buyer'],
          messages: ['m-9'],
        },
      ],
    ]);
    const e = engine(memorySegments(), held);
    await e.rows(rows, []);
    await e.refreshHeld();
    expect((await e.search(ast('内部备注'), scope, {})).hits.map((h) => h.key)).toEqual(['sales/new-1']);
    expect((await e.search(ast('zollnummer'), scope, {})).hits.map((h) => h.key)).toEqual(['sales/new-1']);
    expect((await e.settled()).held).toBe(1);
  });
});
