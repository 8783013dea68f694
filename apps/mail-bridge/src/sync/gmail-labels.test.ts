import { describe, expect, it } from 'vitest';
import { gmailLabels, tagsFromLabels } from './gmail-labels.ts';

describe('Gmail labels', () => {
  it('reads the labels out of the flag list the sync keeps', () => {
    expect(gmailLabels(['\\Seen', 'label:\\Inbox', 'label:Customers/ACME', 'label:询价'])).toEqual([
      '\\Inbox',
      'Customers/ACME',
      '询价',
    ]);
    expect(gmailLabels(['\\Seen', '\\Answered'])).toEqual([]);
  });

  it('user labels become tags; system labels and blanks do not; duplicates merge', () => {
    expect(
      tagsFromLabels([
        '\\Inbox',
        '\\Important',
        '\\Sent',
        '\\Starred',
        ' Customers/ACME ',
        'customers/acme',
        '询价',
        '',
      ]),
    ).toEqual(['customers/acme', '询价']);
  });
});
