import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { describeSearchEngine, MEMBER_OF_SALES_AND_SUPPORT } from '../testing/engine-suite.ts';
import { FIXTURES } from '../testing/fixtures.ts';
import { createArchiveIndex } from './archive-index.ts';

describeSearchEngine('archive (SQLite FTS5)', (docs) => {
  const index = createArchiveIndex(new DatabaseSync(':memory:'));
  for (const doc of docs) index.upsert(doc);
  return index;
});

const SCOPE = MEMBER_OF_SALES_AND_SUPPORT;

function openIndex() {
  const db = new DatabaseSync(':memory:');
  const index = createArchiveIndex(db);
  for (const doc of FIXTURES) index.upsert(doc);
  return { db, index };
}
const keys = (index: ReturnType<typeof createArchiveIndex>, q: string) =>
  index
    .search(q, SCOPE)
    .hits.map((h) => h.key as string)
    .sort();

describe('archive index writes', () => {
  it('replaces a message on upsert and forgets it on remove', () => {
    const { index } = openIndex();
    const en1 = FIXTURES.find((d) => d.key === 'en-1')!;
    index.upsert({ ...en1, subject: 'Rechnung', body: 'Bitte zahlen', attachments: [], tags: [] });
    expect(keys(index, 'invoice')).toEqual([]);
    expect(keys(index, 'rechnung')).toEqual(['en-1']);
    expect(keys(index, 'tag:vip')).toEqual([]);
    expect(index.count()).toBe(FIXTURES.length);
    expect(index.remove(en1.key)).toBe(true);
    expect(index.remove(en1.key)).toBe(false);
    expect(keys(index, 'rechnung')).toEqual([]);
    expect(index.has(en1.key)).toBe(false);
  });

  it('indexes more messages than one millisecond has row ids for (mail without a Date header)', () => {
    const index = createArchiveIndex(new DatabaseSync(':memory:'));
    const en1 = FIXTURES.find((d) => d.key === 'en-1')!;
    for (let n = 0; n < 1100; n++)
      index.upsert({ ...en1, key: `nodate-${n}` as typeof en1.key, date: 0, subject: `Undated ${n}` });
    index.upsert({ ...en1, key: 'next-ms' as typeof en1.key, date: 1, subject: 'Undated next' });
    expect(index.count()).toBe(1101);
    const scope = { readable: [en1.mailbox], internal: [en1.mailbox] };
    const found = (q: string) => index.search(q, scope).hits.map((h) => h.key);
    expect(found('"undated 1099"')).toEqual(['nodate-1099']);
    expect(found('"undated next"')).toEqual(['next-ms']);
  });

  it("joins the caller's transaction: a rollback takes the index rows with it", () => {
    const { db, index } = openIndex();
    const en1 = FIXTURES.find((d) => d.key === 'en-1')!;
    db.exec('BEGIN');
    index.upsert({ ...en1, key: 'new-1' as typeof en1.key, subject: 'Zollpapiere' });
    index.remove('zh-1' as typeof en1.key);
    expect(keys(index, 'zollpapiere')).toEqual(['new-1']);
    db.exec('ROLLBACK');
    expect(keys(index, 'zollpapiere')).toEqual([]);
    expect(keys(index, '货代')).toEqual(['zh-1']);
  });

  it('rolls back its own partial write when a statement fails', () => {
    const { db, index } = openIndex();
    db.exec('CREATE TRIGGER no_tags BEFORE INSERT ON search_tag BEGIN SELECT RAISE(ABORT, "refused"); END');
    const zh1 = FIXTURES.find((d) => d.key === 'zh-1')!;
    expect(() => index.upsert({ ...zh1, subject: '新主题' })).toThrow(/refused/);
    expect(keys(index, '新主题')).toEqual([]);
    expect(keys(index, '货代')).toEqual(['zh-1']);
  });

  it('rebuilds from a source with progress, replacing what was there', async () => {
    const { index } = openIndex();
    // an async source, as the bridge streams messages out of its store
    async function* source() {
      for (const doc of FIXTURES.slice(0, 5)) yield await Promise.resolve(doc);
    }
    const progress: Array<[number, number | null]> = [];
    const n = await index.rebuild(source(), {
      batchSize: 2,
      total: 5,
      onProgress: (p) => progress.push([p.done, p.total]),
    });
    expect(n).toBe(5);
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(index.count()).toBe(5);
    expect(keys(index, 'lieferzeit')).toEqual(['de-1']);
    expect(keys(index, 'цена')).toEqual([]);
  });

  it('pages results with limit, offset and hasMore', () => {
    const { index } = openIndex();
    const first = index.search('mailbox:mb-sales', SCOPE, { limit: 2 });
    const second = index.search('mailbox:mb-sales', SCOPE, { limit: 2, offset: 2 });
    const rest = index.search('mailbox:mb-sales', SCOPE, { limit: 10, offset: 4 });
    expect(first.hasMore).toBe(true);
    expect(rest.hasMore).toBe(false);
    const all = [...first.hits, ...second.hits, ...rest.hits].map((h) => h.key);
    expect(new Set(all).size).toBe(5);
  });

  it('resolves typed values to stored ids and reads dates in the user time zone', () => {
    const { index } = openIndex();
    const byName = index.search('mailbox:support', SCOPE, {
      resolveValue: (field, value) => (field === 'mailbox' && value === 'support' ? ['mb-support'] : [value]),
    });
    expect(byName.hits.map((h) => h.key).sort()).toEqual(['en-2', 'ja-1', 'mix-1']);
    // en-2 is 2024-03-12 12:00 UTC = 03-13 01:00 at UTC+13
    const utc = index.search('after:2024-03-13', SCOPE).hits.map((h) => h.key);
    const east = index
      .search('after:2024-03-13', SCOPE, { timeZoneOffsetMinutes: 13 * 60 })
      .hits.map((h) => h.key);
    expect(utc).toEqual(['mix-1']);
    expect(east.sort()).toEqual(['en-2', 'mix-1']);
  });
});
