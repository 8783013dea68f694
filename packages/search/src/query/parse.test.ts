import { describe, expect, it } from 'vitest';
import { formatQuery, type QueryNode } from './ast.ts';
import { parseCalendarDate, parseQuery } from './parse.ts';

const ast = (q: string, prefixLast = false) => parseQuery(q, { prefixLast }).ast;
const text = (t: string, extra: Partial<Extract<QueryNode, { type: 'text' }>> = {}): QueryNode => ({
  type: 'text',
  text: t,
  field: null,
  phrase: false,
  prefix: false,
  ...extra,
});

describe('parseQuery', () => {
  it('reads words as an AND, and "phrases"', () => {
    expect(ast('invoice 集装箱')).toEqual({ type: 'and', children: [text('invoice'), text('集装箱')] });
    expect(ast('"bill of lading"')).toEqual(text('bill of lading', { phrase: true }));
  });

  it('reads every operator', () => {
    const q =
      'from:alice to:"Bob Li" mailbox:sales assignee:u1 tag:VIP customer:c1 status:open has:attachment ' +
      'filename:PI.pdf before:2024-03-01 after:2024/1/5';
    expect(ast(q)).toEqual({
      type: 'and',
      children: [
        text('alice', { field: 'from' }),
        text('Bob Li', { field: 'to', phrase: true }),
        { type: 'value', field: 'mailbox', value: 'sales' },
        { type: 'value', field: 'assignee', value: 'u1' },
        { type: 'value', field: 'tag', value: 'VIP' },
        { type: 'value', field: 'customer', value: 'c1' },
        { type: 'value', field: 'status', value: 'open' },
        { type: 'has', what: 'attachment' },
        text('PI.pdf', { field: 'filename' }),
        { type: 'date', op: 'before', date: { year: 2024, month: 3, day: 1 } },
        { type: 'date', op: 'after', date: { year: 2024, month: 1, day: 5 } },
      ],
    });
  });

  it('reads negation of words, phrases, operators and groups', () => {
    expect(ast('-delay')).toEqual({ type: 'not', child: text('delay') });
    expect(ast('-"sea freight"')).toEqual({ type: 'not', child: text('sea freight', { phrase: true }) });
    expect(ast('-from:spam.com')).toEqual({ type: 'not', child: text('spam.com', { field: 'from' }) });
    expect(ast('quote -(tag:a OR tag:b)')).toEqual({
      type: 'and',
      children: [
        text('quote'),
        {
          type: 'not',
          child: {
            type: 'or',
            children: [
              { type: 'value', field: 'tag', value: 'a' },
              { type: 'value', field: 'tag', value: 'b' },
            ],
          },
        },
      ],
    });
  });

  it('reads OR with lower precedence than AND', () => {
    expect(formatQuery(ast('a b OR c')!)).toBe('(a b) OR c');
    expect(ast('报价 OR quote')).toEqual({ type: 'or', children: [text('报价'), text('quote')] });
    expect(formatQuery(ast('(a OR b) c')!)).toBe('(a OR b) c');
  });

  it('accepts full-width syntax typed with a Chinese IME and Chinese field names', () => {
    expect(ast('发件人：“王 经理”')).toEqual(text('王 经理', { field: 'from', phrase: true }));
    expect(ast('标签：紧急')).toEqual({ type: 'value', field: 'tag', value: '紧急' });
    expect(ast('FROM:alice')).toEqual(text('alice', { field: 'from' }));
  });

  it('keeps unknown prefixes and hyphenated words as text', () => {
    expect(ast('re:quote')).toEqual(text('re:quote'));
    expect(ast('PO-2024-0815')).toEqual(text('PO-2024-0815'));
    expect(ast('http://x.com/a')).toEqual(text('http://x.com/a'));
  });

  it('marks the word being typed as a prefix, and word* always', () => {
    expect(ast('invo', true)).toEqual(text('invo', { prefix: true }));
    expect(ast('invo ', true)).toEqual(text('invo'));
    expect(ast('"bill of', true)).toEqual(text('bill of', { phrase: true }));
    expect(ast('ship*')).toEqual(text('ship', { prefix: true }));
  });

  it('turns what it cannot read into warnings, never exceptions', () => {
    const r = parseQuery('before:2024-02-30 has:pictures (quote');
    expect(r.warnings.map((w) => w.code)).toEqual(['bad-date', 'bad-has', 'unbalanced']);
    expect(r.ast).toEqual(text('quote'));
    expect(r.warnings[0]!.message).toMatch(/无法识别的日期/);
    expect(parseQuery('').ast).toBeNull();
    expect(parseQuery('   ) ( " ').ast).toBeNull();
    expect(parseQuery('tag:').ast).toBeNull();
  });
});

describe('parseCalendarDate', () => {
  it('reads ISO, slashes, dots, month and year, and 年月日', () => {
    expect(parseCalendarDate('2024-03-01')).toEqual({ year: 2024, month: 3, day: 1 });
    expect(parseCalendarDate('2024.3.9')).toEqual({ year: 2024, month: 3, day: 9 });
    expect(parseCalendarDate('2024-03')).toEqual({ year: 2024, month: 3, day: 1 });
    expect(parseCalendarDate('2024')).toEqual({ year: 2024, month: 1, day: 1 });
    expect(parseCalendarDate('2024年3月8日')).toEqual({ year: 2024, month: 3, day: 8 });
    expect(parseCalendarDate('2024-02-30')).toBeNull();
    expect(parseCalendarDate('yesterday')).toBeNull();
  });
});
