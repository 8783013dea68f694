// One suite, two engines: the archive (SQLite FTS5) and the offline index (lunr) must give the same
// answers on the same fixtures. Each engine's test file calls `describeSearchEngine`.
import { describe, expect, it } from 'vitest';
import type { MailboxId } from '@wharf/model';
import type { SearchDocument, SearchHit, SearchScope } from '../document.ts';
import { BOSS, FIXTURES, KNOWN_ANSWERS, SALES, SUPPORT } from './fixtures.ts';

export interface EngineUnderTest {
  search(
    query: string,
    scope: SearchScope,
    options?: { prefixLast?: boolean },
  ): { hits: readonly SearchHit[] };
}

export const MEMBER_OF_SALES_AND_SUPPORT: SearchScope = {
  readable: [SALES, SUPPORT],
  internal: [SALES, SUPPORT],
};

export function describeSearchEngine(
  name: string,
  open: (docs: readonly SearchDocument[]) => EngineUnderTest,
): void {
  describe(`${name}: known answers`, () => {
    const engine = open(FIXTURES);
    const keys = (q: string, scope = MEMBER_OF_SALES_AND_SUPPORT) =>
      engine
        .search(q, scope)
        .hits.map((h) => h.key as string)
        .sort();
    for (const [query, expected] of KNOWN_ANSWERS) {
      it(`${query} → ${expected.join(', ') || 'nothing'}`, () => {
        expect(keys(query)).toEqual([...expected].sort());
      });
    }

    it('returns only messages of readable mailboxes', () => {
      expect(keys('集装箱')).toEqual(['zh-1']);
      const withBoss: SearchScope = { readable: [SALES, BOSS], internal: [] };
      expect(keys('集装箱', withBoss)).toEqual(['boss-1', 'zh-1']);
      expect(keys('invoice', { readable: [BOSS], internal: [BOSS] })).toEqual(['boss-1']);
      expect(keys('invoice', { readable: [], internal: [] })).toEqual([]);
      expect(keys('mailbox:mb-boss')).toEqual([]);
    });

    it('searches internal content only in mailboxes where the user is a member', () => {
      expect(keys('优先处理', { readable: [SALES, SUPPORT], internal: [SUPPORT] })).toEqual([]);
      expect(keys('margin', { readable: [SALES, SUPPORT], internal: [SUPPORT] })).toEqual(['mix-1']);
      expect(keys('margin', { readable: [SALES, SUPPORT], internal: [SALES] })).toEqual([]);
      // internal must be a subset of readable
      expect(keys('margin', { readable: [SALES], internal: [SUPPORT] })).toEqual([]);
      // negation and OR must not let internal content of a non-member mailbox show through either
      const supportMember: SearchScope = { readable: [SALES, SUPPORT], internal: [SUPPORT] };
      expect(keys('from:李娜 -优先处理', supportMember)).toEqual(['mix-1', 'zh-2']);
      expect(keys('from:李娜 -优先处理')).toEqual(['mix-1']);
      expect(keys('tag:vip OR 优先处理', supportMember)).toEqual(['en-1']);
      expect(keys('tag:vip OR 优先处理')).toEqual(['en-1', 'zh-2']);
    });

    it('matches the word being typed as a prefix', () => {
      const hits = engine.search('invo', MEMBER_OF_SALES_AND_SUPPORT, { prefixLast: true }).hits;
      expect(hits.map((h) => h.key)).toEqual(['en-1']);
      expect(engine.search('invo', MEMBER_OF_SALES_AND_SUPPORT).hits).toEqual([]);
      // under three letters a word being typed matches whole words only
      const short = engine.search('in', MEMBER_OF_SALES_AND_SUPPORT, { prefixLast: true }).hits;
      expect(short.map((h) => h.key)).toEqual(['en-2']);
    });

    it('ranks a subject match above a body-only match', () => {
      const hits = engine.search('报价', MEMBER_OF_SALES_AND_SUPPORT).hits;
      expect(hits.map((h) => h.key)).toEqual(['mix-1', 'zh-1']);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it('orders results by date when the query has no words', () => {
      const hits = engine.search('status:open', MEMBER_OF_SALES_AND_SUPPORT).hits;
      expect(hits.map((h) => h.key)).toEqual(['en-2', 'zh-1']);
    });

    it('highlights matches in the original text, not in the indexed bigrams', () => {
      const [hit] = engine.search('起订量', { readable: [SUPPORT], internal: [] }).hits;
      expect(hit?.snippet.source).toBe('attachment');
      expect(hit?.snippet.filename).toBe('报价单.xlsx');
      const marked = hit!.snippet.highlights.map(([a, b]) => hit!.snippet.text.slice(a, b));
      expect(marked).toEqual(['起订量']);

      const [de] = engine.search('grosse', MEMBER_OF_SALES_AND_SUPPORT).hits;
      expect(de!.snippet.highlights.map(([a, b]) => de!.snippet.text.slice(a, b))).toEqual(['Größe']);

      const [zh] = engine.search('FOB宁波', MEMBER_OF_SALES_AND_SUPPORT).hits;
      expect(zh!.subject.highlights.map(([a, b]) => zh!.subject.text.slice(a, b))).toEqual(['FOB宁波']);
    });

    it('ignores words the tokenizer drops and reports bad operators as warnings', () => {
      expect(keys('★ 货代')).toEqual(['zh-1']);
      expect(keys('before:someday')).toEqual([]);
    });
  });
}

export const ALL_MAILBOXES: readonly MailboxId[] = [SALES, SUPPORT, BOSS];
