import { describe, expect, it } from 'vitest';
import { approvalReasons } from '@wharf/model';
import { approvalRuleRow } from './approval-form.ts';

const blank = { name: '', phrases: '', totalAbove: '', currency: '', grades: '', customerTags: '' };

describe('approval rule form', () => {
  it('turns lists (commas, Chinese commas, lines), a total with separators and a currency into a row the model matches', () => {
    const row = approvalRuleRow(
      {
        name: 'Big contracts',
        phrases: 'final contract， 正式合同\nPI',
        totalAbove: '50,000',
        currency: 'usd',
        grades: 'a',
        customerTags: 'Key-Account',
      },
      'r1',
    )!;
    expect(row).toEqual({
      id: 'r1',
      name: 'Big contracts',
      enabled: true,
      phrases: ['final contract', '正式合同', 'PI'],
      grades: ['A'],
      customerTags: ['key-account'],
      totalAbove: 50_000,
      currency: 'USD',
    });
    expect(approvalReasons([row], { subject: '', body: 'Total USD 60,000' })).toHaveLength(1);
  });

  it('refuses a rule without any condition (it would never match)', () => {
    expect(approvalRuleRow({ ...blank, name: 'nothing' }, 'r2')).toBeUndefined();
    expect(approvalRuleRow({ ...blank, totalAbove: 'lots' }, 'r3')).toBeUndefined();
  });
});
