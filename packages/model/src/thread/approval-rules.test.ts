import { describe, expect, it } from 'vitest';
import { amountsIn, approvalReasons, totalIn } from './approval-rules.ts';

const rules = [
  { id: 'r1', name: 'Contracts', phrases: ['final contract', '正式合同'] },
  { id: 'r2', name: 'Big deals', totalAbove: 50_000 },
  { id: 'r3', name: 'Key accounts', grades: ['A'], customerTags: ['Strategic'] },
  { id: 'r4', name: 'Off', enabled: false, phrases: ['hello'] },
  { id: 'r5', name: 'Broken' },
];

describe('approval rules', () => {
  it('[AP1] phrases match case-insensitively in subject or body, Chinese too', () => {
    expect(approvalReasons(rules, { subject: 'Re: order', body: 'Please find the FINAL Contract.' })).toEqual(
      [{ en: 'Contracts: mentions "final contract"', zh: 'Contracts：提到“final contract”' }],
    );
    expect(approvalReasons(rules, { subject: '附件：正式合同', body: '' })).toHaveLength(1);
    expect(approvalReasons(rules, { subject: 'hello', body: 'a draft contract' })).toEqual([]);
  });

  it('[AP1] a total above the threshold is parsed from the text (labelled totals first, separators, 万)', () => {
    expect(totalIn('Unit price USD 3.20\nTotal: USD 64,000.00')).toBe(64_000);
    expect(totalIn('合计：￥12万')).toBe(120_000);
    expect(totalIn('2000 pcs at $3.20, shipping $400')).toBe(400);
    expect(totalIn('no money here')).toBeUndefined();
    expect(amountsIn('EUR 1.234 and 5,600 USD')).toEqual([
      { value: 1.234, currency: 'EUR', labelled: false },
      { value: 5600, currency: 'USD', labelled: false },
    ]);
    expect(approvalReasons(rules, { subject: 'Quote', body: 'Total amount: USD 64,000' })).toEqual([
      { en: 'Big deals: total 64000 is above 50000', zh: 'Big deals：总额 64000 超过 50000' },
    ]);
    expect(approvalReasons(rules, { subject: 'Quote', body: 'Total amount: USD 4,000' })).toEqual([]);
  });

  it('[AP1] key customers by grade or tag; disabled and condition-less rules never match', () => {
    expect(approvalReasons(rules, { subject: 's', body: 'b', customer: { grade: 'A' } })).toHaveLength(1);
    expect(
      approvalReasons(rules, { subject: 's', body: 'b', customer: { grade: 'B', tags: ['strategic'] } }),
    ).toEqual([{ en: 'Key accounts: customer tagged strategic', zh: 'Key accounts：客户标签 strategic' }]);
    expect(approvalReasons(rules, { subject: 'hello', body: 'b', customer: { grade: 'C' } })).toEqual([]);
  });

  it('[AP1] a rule limited to a currency counts only amounts in it', () => {
    const eur = [{ id: 'e', name: 'EUR deals', totalAbove: 10_000, currency: 'eur' }];
    expect(approvalReasons(eur, { subject: '', body: 'Total USD 20,000' })).toEqual([]);
    expect(approvalReasons(eur, { subject: '', body: 'Total €20,000' })).toHaveLength(1);
  });
});
