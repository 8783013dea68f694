import { describe, expect, it } from 'vitest';
import { formatQuery, parseQuery } from '@wharf/search';
import { addChip, chipNode, queryChips, removeChip, resolveValues } from './query-chips.ts';

describe('filter chips are the query string', () => {
  it('shows a typed operator as a chip, in Chinese or English field names', () => {
    expect(queryChips('报价 tag:urgent')).toEqual([
      { kind: 'tag', value: 'urgent', negated: false, text: 'tag:urgent' },
    ]);
    expect(
      queryChips('样品 发件人：alice -status:closed has:attachment after:2024-03').map((c) => c.text),
    ).toEqual(['from:alice', '-status:closed', 'has:attachment', 'after:2024-03-01']);
    expect(queryChips('just words "and a phrase"')).toEqual([]);
  });

  it('removing a chip removes its clause and keeps the words', () => {
    expect(removeChip('报价 tag:urgent', { text: 'tag:urgent' })).toBe('报价');
    expect(removeChip('tag:urgent', { text: 'tag:urgent' })).toBe('');
    expect(removeChip('a -from:bob b', { text: '-from:bob' })).toBe('a b');
    expect(removeChip('a b', { text: 'tag:x' })).toBe('a b');
  });

  it('adding a chip appends its canonical clause; a date bound replaces the old one', () => {
    const withTag = addChip('报价', chipNode('tag', 'urgent')!);
    expect(withTag).toBe('报价 tag:urgent ');
    expect(queryChips(withTag).map((c) => c.text)).toEqual(['tag:urgent']);
    expect(addChip(withTag, chipNode('tag', 'urgent')!)).toBe(withTag);
    const dated = addChip(addChip('x', chipNode('after', '2024-03-01')!), chipNode('after', '2024-05-01')!);
    expect(queryChips(dated).map((c) => c.text)).toEqual(['after:2024-05-01']);
    expect(addChip('', chipNode('has', '')!)).toBe('has:attachment ');
    expect(chipNode('from', '  ')).toBeNull();
  });

  it('resolves typed names to ids inside negations and ORs', () => {
    const ast = parseQuery('x -assignee:Ada (mailbox:sales OR tag:a)').ast!;
    const ids: Record<string, string> = { Ada: 'u-1', sales: 'mb-1' };
    expect(formatQuery(resolveValues(ast, (_, v) => ids[v]))).toBe('x -assignee:u-1 (mailbox:mb-1 OR tag:a)');
  });
});
