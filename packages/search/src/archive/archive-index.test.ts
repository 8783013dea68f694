import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { describeSearchEngine, MEMBER_OF_SALES_AND_SUPPORT } from '../testing/engine-suite.ts';
import { FIXTURES } from '../testing/fixtures.ts';
import type { CustomerId, MessageId, ThreadId, UserId } from '@wharf/model';
import type { SearchDocument } from '../document.ts';
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

  it('re-indexes overflowed messages (metadata, then body), the newest spilled one included', () => {
    const index = createArchiveIndex(new DatabaseSync(':memory:'));
    const en1 = FIXTURES.find((d) => d.key === 'en-1')!;
    const doc = (n: number, body: string) => ({
      ...en1,
      key: `same-ms-${n}` as typeof en1.key,
      date: 5,
      subject: `Same ${n}`,
      body,
    });
    for (let n = 0; n < 1100; n++) index.upsert(doc(n, ''));
    // bodies arrive newest first: the first re-index frees the id the last spill took
    for (let n = 1099; n >= 0; n--) index.upsert(doc(n, `body of ${n}`));
    expect(index.count()).toBe(1100);
    const scope = { readable: [en1.mailbox], internal: [en1.mailbox] };
    expect(index.search('"body of 1099"', scope).hits.map((h) => h.key)).toEqual(['same-ms-1099']);
    expect(index.search('"body of 0"', scope).hits.map((h) => h.key)).toEqual(['same-ms-0']);
  });

  it('keeps a message in its place when its body arrives after its metadata (same millisecond, same order)', () => {
    const index = createArchiveIndex(new DatabaseSync(':memory:'));
    const en1 = FIXTURES.find((d) => d.key === 'en-1')!;
    const doc = (key: string, body: string) => ({ ...en1, key: key as typeof en1.key, date: 7, body });
    index.upsert(doc('first', ''));
    index.upsert(doc('second', ''));
    const scope = { readable: [en1.mailbox], internal: [en1.mailbox] };
    const newestFirst = () => index.search('tag:vip', scope).hits.map((h) => h.key);
    expect(newestFirst()).toEqual(['second', 'first']);
    index.upsert(doc('first', 'the body, fetched later'));
    expect(newestFirst()).toEqual(['second', 'first']);
    expect(index.search('fetched', scope).hits.map((h) => h.key)).toEqual(['first']);
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

  it("writes inside the caller's transaction reach FTS5 in a few segments, not one per message", () => {
    const db = new DatabaseSync(':memory:');
    const index = createArchiveIndex(db);
    const base = FIXTURES[0]!;
    db.exec('BEGIN');
    for (let i = 0; i < 200; i++)
      index.upsert({ ...base, key: `many-${i}` as typeof base.key, date: base.date + i });
    db.exec('COMMIT');
    // a SAVEPOINT per write made FTS5 flush a segment per message (inserts 2.5x slower,
    // bench/ingest); without it FTS5 flushes only on its own pending-data limits
    expect(segmentsWritten(db)).toBeLessThan(50);
    expect(index.count()).toBe(200);
  });

  it('writes a newest-first batch oldest first, so FTS5 does not flush a segment per message', () => {
    const db = new DatabaseSync(':memory:');
    const index = createArchiveIndex(db);
    const base = FIXTURES[0]!;
    const newestFirst = Array.from({ length: 200 }, (_, i) => ({
      ...base,
      key: `batch-${i}` as typeof base.key,
      date: base.date - i * 60_000,
    }));
    index.upsertMany(newestFirst);
    expect(segmentsWritten(db)).toBeLessThan(50);
    expect(index.count()).toBe(200);
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

  it('keeps answering while it rebuilds in place, and keeps thread fields', async () => {
    const { index } = openIndex();
    const zh1 = FIXTURES.find((d) => d.key === 'zh-1')!;
    index.setThread({ ...threadOf(zh1), tags: ['urgent'] });
    const during: string[][] = [];
    async function* source() {
      for (const doc of FIXTURES) {
        // before each message is rewritten, every message is still found
        during.push(keys(index, 'mailbox:mb-sales OR mailbox:mb-support'));
        yield await Promise.resolve(doc);
      }
    }
    await index.rebuild(source(), { batchSize: 3 });
    const everything = keys(index, 'mailbox:mb-sales OR mailbox:mb-support');
    expect(everything.length).toBeGreaterThan(5);
    for (const seen of during) expect(seen).toEqual(everything);
    expect(keys(index, 'tag:urgent')).toEqual(['zh-1']);
  });

  it('finds Traditional Chinese text with a Simplified query and the other way round', () => {
    const { index } = openIndex();
    const zh1 = FIXTURES.find((d) => d.key === 'zh-1')!;
    index.upsert({ ...zh1, key: 'hant-1' as MessageId, subject: '詢價：貨代報價', body: '請確認裝箱單' });
    expect(keys(index, '货代')).toContain('hant-1');
    expect(keys(index, '装箱单')).toEqual(['hant-1']);
    expect(keys(index, '裝箱單')).toEqual(['hant-1']);
    const hit = index.search('装箱', SCOPE).hits.find((h) => h.key === 'hant-1');
    const [start, end] = hit!.snippet.highlights[0]!;
    expect(hit!.snippet.text.slice(start, end)).toBe('裝箱');
  });

  it('recreates an index written by another schema or tokenizer version, and says so', () => {
    const { db, index } = openIndex();
    expect(index.wasReset).toBe(false);
    db.exec("UPDATE search_meta SET value = '3' WHERE key = 'schema_version'");
    const reopened = createArchiveIndex(db);
    expect(reopened.wasReset).toBe(true);
    expect(reopened.count()).toBe(0);
    expect(createArchiveIndex(db).wasReset).toBe(false);
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

const threadOf = (doc: SearchDocument) => ({
  mailbox: doc.mailbox,
  thread: doc.thread,
  status: null,
  assignee: null,
  customer: null,
  tags: [],
  internal: [],
  internalVersion: null,
  seenIn: null,
});

describe('thread fields from outside the messages (the docs)', () => {
  const en1 = FIXTURES.find((d) => d.key === 'en-1')!;
  const thread = 't-shared' as ThreadId;
  const first = { ...en1, key: 'th-1' as MessageId, thread, date: Date.UTC(2024, 2, 1), tags: [] };
  const second = { ...first, key: 'th-2' as MessageId, date: Date.UTC(2024, 2, 2), subject: 'Re: Invoice' };
  const nonMember = { readable: SCOPE.readable, internal: [] };
  const ours = (index: ReturnType<typeof createArchiveIndex>, q: string) =>
    keys(index, q).filter((k) => k.startsWith('th-'));

  it('apply to every message of the thread and override what the messages said', () => {
    const { index } = openIndex();
    index.upsert({ ...first, status: 'open' });
    index.upsert(second);
    expect(
      index.setThread({
        ...threadOf(first),
        status: 'closed',
        assignee: 'u-bo' as UserId,
        customer: 'd-huaxin.cn' as CustomerId,
        tags: ['VIP', 'Sample'],
      }),
    ).toBe(2);
    for (const q of [
      'status:closed',
      'assignee:u-bo',
      'customer:d-huaxin.cn',
      'tag:vip',
      'tag:sample invoice',
    ])
      expect(ours(index, q)).toEqual(['th-1', 'th-2']);
    expect(ours(index, 'status:open invoice')).toEqual([]);
    // a later message of the thread takes the thread's fields, not its own
    index.upsert({ ...second, key: 'th-3' as MessageId, date: Date.UTC(2024, 2, 3), status: 'open' });
    expect(ours(index, 'status:closed')).toEqual(['th-1', 'th-2', 'th-3']);
  });

  it('rewrite only the rows whose fields change (an initial sync sets every thread once)', () => {
    const { index } = openIndex();
    const own = { status: 'open', customer: null, tags: ['sample'] };
    index.upsert({ ...first, ...own });
    index.upsert({ ...second, ...own });
    const same = { ...threadOf(first), status: 'open', tags: ['Sample'] };
    expect(index.setThread(same)).toBe(0);
    expect(ours(index, 'status:open tag:sample')).toEqual(['th-1', 'th-2']);
    expect(index.setThread({ ...same, customer: 'd-huaxin.cn' as CustomerId })).toBe(2);
    expect(ours(index, 'customer:d-huaxin.cn')).toEqual(['th-1', 'th-2']);
    // a comment goes to the newest row only
    expect(index.setThread({ ...same, customer: 'd-huaxin.cn' as CustomerId, internal: ['降价'] })).toBe(1);
    expect(index.setThread({ ...same, customer: 'd-huaxin.cn' as CustomerId, internal: ['降价'] })).toBe(0);
  });

  it("keep each message's own customer while the thread's is unknown (null), and rewrite nothing when it turns out the same", () => {
    const { index } = openIndex();
    index.upsert({ ...first, status: 'open', customer: 'd-huaxin.cn' as CustomerId, tags: [] });
    index.upsert({ ...second, status: 'open', customer: 'd-huaxin.cn' as CustomerId, tags: [] });
    const unknown = { ...threadOf(first), status: 'open' };
    expect(index.setThread(unknown)).toBe(0);
    expect(ours(index, 'customer:d-huaxin.cn')).toEqual(['th-1', 'th-2']);
    // a later message of the thread keeps its own too
    index.upsert({
      ...second,
      key: 'th-3' as MessageId,
      date: Date.UTC(2024, 2, 3),
      customer: 'd-huaxin.cn' as CustomerId,
    });
    expect(ours(index, 'customer:d-huaxin.cn')).toEqual(['th-1', 'th-2', 'th-3']);
    // routing gives the thread the customer its rows already carry: nothing to rewrite
    expect(index.setThread({ ...unknown, customer: 'd-huaxin.cn' as CustomerId })).toBe(0);
    // or another one (an address linked by hand): every row follows
    expect(index.setThread({ ...unknown, customer: 'd-acme.de' as CustomerId })).toBe(3);
    expect(ours(index, 'customer:d-acme.de')).toEqual(['th-1', 'th-2', 'th-3']);
    expect(ours(index, 'customer:d-huaxin.cn')).toEqual([]);
  });

  it('index comments and notes on the newest message only, for members only', () => {
    const { index } = openIndex();
    index.upsert(first);
    index.upsert(second);
    index.setThread({ ...threadOf(first), internal: ['客户要求降价 Rabattstaffel'], internalVersion: '7' });
    expect(keys(index, '降价')).toEqual(['th-2']);
    expect(keys(index, 'rabattstaffel')).toEqual(['th-2']);
    expect(index.search('降价', nonMember).hits).toEqual([]);
    const [hit] = index.search('降价', SCOPE).hits;
    expect(hit!.snippet.source).toBe('internal');
    // a non-member's snippet never shows it, even when another word found the message
    const [other] = index.search('"re invoice"', nonMember).hits;
    expect(other!.snippet.text).not.toContain('降价');
    expect(index.thread(first.mailbox, thread)?.internalVersion).toBe('7');

    // a newer message takes the internal content over; removing it gives it back
    index.upsert({ ...second, key: 'th-3' as MessageId, date: Date.UTC(2024, 2, 3) });
    expect(keys(index, '降价')).toEqual(['th-3']);
    index.remove('th-3' as MessageId);
    expect(keys(index, '降价')).toEqual(['th-2']);
    // an older message arriving late does not take it
    index.upsert({ ...first, key: 'th-0' as MessageId, date: Date.UTC(2024, 1, 1) });
    expect(keys(index, '降价')).toEqual(['th-2']);
  });

  it('remember where the caller saw them', () => {
    const { index } = openIndex();
    index.setThread({ ...threadOf(first), seenIn: 'hot' });
    index.setThread({ ...threadOf(first), thread: 't-other' as ThreadId, seenIn: '2024-03' });
    expect(index.threadsSeenIn(first.mailbox).sort()).toEqual(['2024-03', 'hot']);
  });
});

/**
 * FTS5's count of segments flushed since the table was created: the write counter in its structure
 * record (search_fts_data row 10: 4-byte cookie, optional "2" version marker, varints nLevel,
 * nSegment, nWriteCounter).
 */
function segmentsWritten(db: DatabaseSync): number {
  const { block } = db.prepare('SELECT block FROM search_fts_data WHERE id = 10').get() as {
    block: Uint8Array;
  };
  let at = 4;
  if (block[4] === 0xff && block[5] === 0x00 && block[6] === 0x00 && block[7] === 0x01) at = 8;
  const varint = () => {
    // SQLite's varint: big-endian groups of 7 bits, the high bit set on all but the last byte
    let value = 0;
    for (;;) {
      const byte = block[at++]!;
      value = value * 128 + (byte & 0x7f);
      if (byte < 0x80) return value;
    }
  };
  varint(); // levels
  varint(); // segments
  return varint();
}
