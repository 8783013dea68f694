import { describe, expect, it } from 'vitest';
import type { MessageId } from '@wharf/model';
import { describeSearchEngine, MEMBER_OF_SALES_AND_SUPPORT } from '../testing/engine-suite.ts';
import { FIXTURES } from '../testing/fixtures.ts';
import { createOfflineIndex } from './offline-index.ts';

const MARCH_20 = Date.parse('2024-03-20T00:00:00Z');

describeSearchEngine('offline (lunr), all messages pending (scanned directly)', (docs) => {
  const index = createOfflineIndex({ now: () => MARCH_20 });
  for (const doc of docs) index.add(doc);
  return index;
});

describeSearchEngine('offline (lunr), messages in month segments', (docs) => {
  const index = createOfflineIndex({ now: () => MARCH_20 });
  for (const doc of docs) index.add(doc);
  index.maintain();
  expect(index.stats().pending).toBe(0);
  return index;
});

describe('offline index segments', () => {
  const keys = (index: ReturnType<typeof createOfflineIndex>, q: string) =>
    index
      .search(q, MEMBER_OF_SALES_AND_SUPPORT)
      .hits.map((h) => h.key as string)
      .sort();

  it('builds closed months once and rebuilds only the recent segment', () => {
    let now = MARCH_20;
    const index = createOfflineIndex({ now: () => now });
    for (const doc of FIXTURES) index.add(doc);
    expect(index.maintain().rebuilt).toEqual(['2024-02', '2024-01', 'recent']);
    index.add({ ...FIXTURES[0]!, key: 'new-1' as MessageId, date: MARCH_20 + 1000 });
    expect(index.stats().pending).toBe(1);
    expect(keys(index, '货代')).toEqual(['new-1', 'zh-1']);
    expect(index.maintain().rebuilt).toEqual(['recent']);
    expect(keys(index, '货代')).toEqual(['new-1', 'zh-1']);
    // April: March closes and moves out of `recent`
    now = Date.parse('2024-04-02T00:00:00Z');
    expect(index.maintain().rebuilt).toEqual(['2024-03', 'recent']);
    expect(index.stats().segments.find((s) => s.id === 'recent')?.documents).toBe(0);
    expect(keys(index, '货代')).toEqual(['new-1', 'zh-1']);
  });

  it('drops deleted messages and old versions of updated ones (tombstones)', () => {
    const index = createOfflineIndex({ now: () => MARCH_20 });
    for (const doc of FIXTURES) index.add(doc);
    index.maintain();
    index.remove('zh-1' as MessageId);
    expect(keys(index, '货代')).toEqual([]);
    const en1 = FIXTURES.find((d) => d.key === 'en-1')!;
    index.add({ ...en1, subject: 'Rechnung', body: 'Bitte zahlen', attachments: [] });
    expect(keys(index, 'invoice')).toEqual([]);
    expect(keys(index, 'rechnung')).toEqual(['en-1']);
    index.maintain();
    expect(keys(index, 'invoice')).toEqual([]);
    expect(keys(index, 'rechnung')).toEqual(['en-1']);
  });

  it('restores exported closed-month segments without rebuilding them', () => {
    const first = createOfflineIndex({ now: () => MARCH_20 });
    for (const doc of FIXTURES) first.add(doc);
    first.maintain();
    const saved = JSON.parse(JSON.stringify(first.exportSegments())) as ReturnType<
      typeof first.exportSegments
    >;
    expect(saved.map((s) => s.id).sort()).toEqual(['2024-01', '2024-02']);

    const second = createOfflineIndex({ now: () => MARCH_20 });
    for (const doc of FIXTURES) second.add(doc);
    for (const segment of saved) second.restore(segment);
    expect(second.maintain().rebuilt).toEqual(['recent']);
    expect(keys(second, 'lieferzeit')).toEqual(['de-1']);
    expect(keys(second, 'invoice')).toEqual(['en-1']);
  });

  it('keeps a changed message of a closed month pending instead of rebuilding the month', () => {
    const index = createOfflineIndex({ now: () => MARCH_20 });
    for (const doc of FIXTURES) index.add(doc);
    index.maintain();
    const en1 = FIXTURES.find((d) => d.key === 'en-1')!;
    index.add({ ...en1, body: `${en1.body} Rechnung` });
    expect(index.maintain().rebuilt).toEqual([]);
    expect(index.stats().pending).toBe(1);
    expect(keys(index, 'rechnung')).toEqual(['en-1']);
    // enough changes in one month rebuild it
    const small = createOfflineIndex({ now: () => MARCH_20, closedMonthRebuild: 1 });
    for (const doc of FIXTURES) small.add(doc);
    small.maintain();
    small.add({ ...en1, body: `${en1.body} Rechnung` });
    expect(small.maintain().rebuilt).toEqual([new Date(en1.date).toISOString().slice(0, 7)]);
    expect(small.stats().pending).toBe(0);
    expect(keys(small, 'rechnung')).toEqual(['en-1']);
  });

  it('leaves a message where it is when only its filters change (tag, status, assignee)', () => {
    const index = createOfflineIndex({ now: () => MARCH_20 });
    for (const doc of FIXTURES) index.add(doc);
    index.maintain();
    const zh1 = FIXTURES.find((d) => d.key === 'zh-1')!;
    index.add({ ...zh1, tags: ['加急'], status: 'closed' });
    expect(index.stats().pending).toBe(0);
    expect(keys(index, '货代 tag:加急 status:closed')).toEqual(['zh-1']);
  });

  it('restores a saved segment only for messages that did not change since it was saved', () => {
    const first = createOfflineIndex({ now: () => MARCH_20 });
    for (const doc of FIXTURES) first.add(doc);
    first.maintain();
    const saved = structuredClone(first.exportSegments());

    const second = createOfflineIndex({ now: () => MARCH_20 });
    for (const doc of FIXTURES) second.add(doc.key === 'en-1' ? { ...doc, body: 'Rechnung' } : doc);
    for (const segment of saved) second.restore(segment);
    const pendingBeforeMaintain = FIXTURES.filter((d) => d.date >= Date.parse('2024-03-01')).length + 1;
    expect(second.stats().pending).toBe(pendingBeforeMaintain);
    expect(keys(second, 'rechnung')).toEqual(['en-1']);
    expect(keys(second, 'lading')).not.toContain('en-1');
  });

  it('builds a bounded number of segments per call, recent first, and answers from pending meanwhile', () => {
    const index = createOfflineIndex({ now: () => MARCH_20 });
    for (const doc of FIXTURES) index.add(doc);
    expect(index.maintain({ maxSegments: 1 })).toEqual({ rebuilt: ['recent'], remaining: true });
    expect(keys(index, '货代')).toEqual(['zh-1']);
    expect(index.maintain({ maxSegments: 1 })).toEqual({ rebuilt: ['2024-02'], remaining: true });
    expect(index.maintain({ maxSegments: 1 })).toEqual({ rebuilt: ['2024-01'], remaining: false });
    expect(index.stats().pending).toBe(0);
    expect(index.maintain()).toEqual({ rebuilt: [], remaining: false });
  });
});
