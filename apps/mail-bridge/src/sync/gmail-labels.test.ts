import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '@wharf/model';
import { gmailLabels, labelTagChanges, tagsFromLabels, type LabelTagInput } from './gmail-labels.ts';

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

describe('label edits → tag edits', () => {
  const bridge = { kind: 'mail-bridge' } as const;
  const member = { kind: 'user', userId: 'u1' } as unknown as ActivityEntry['by'];
  let n = 0;
  const entry = (by: ActivityEntry['by'], type: 'tag-added' | 'tag-removed', tag: string) =>
    ({ id: `a${(n += 1)}`, at: n, by, action: { type, tag } }) as ActivityEntry;
  const changes = (
    edits: LabelTagInput['edits'],
    tags: string[],
    activity: ActivityEntry[] = [],
    threadNow: string[] = [],
  ) => labelTagChanges({ edits, tags: new Set(tags), threadNow: () => threadNow, activity: () => activity });

  it('a new message adds the tags of all its labels; tags already there are not added again', () => {
    expect(changes([{ before: [], now: ['acme', '询价'] }], ['acme'])).toEqual({ add: ['询价'], remove: [] });
  });

  it('a label removed takes away the tag the bridge added for it', () => {
    expect(
      changes(
        [{ before: ['acme', 'urgent'], now: ['urgent'] }],
        ['acme', 'urgent'],
        [entry(bridge, 'tag-added', 'acme')],
      ),
    ).toEqual({ add: [], remove: ['acme'] });
  });

  it('a tag added by hand stays, also when the bridge had added it before and the team re-added it', () => {
    const handAdded = [entry(member, 'tag-added', 'acme')];
    const reAdded = [
      entry(bridge, 'tag-added', 'acme'),
      entry(member, 'tag-removed', 'acme'),
      entry(member, 'tag-added', 'acme'),
    ];
    for (const activity of [handAdded, reAdded, []])
      expect(changes([{ before: ['acme'], now: [] }], ['acme'], activity)).toEqual({ add: [], remove: [] });
  });

  it('a label still carried by another message of the thread, or moved to one, keeps its tag', () => {
    const added = [entry(bridge, 'tag-added', 'acme')];
    expect(changes([{ before: ['acme'], now: [] }], ['acme'], added, ['acme'])).toEqual({
      add: [],
      remove: [],
    });
    expect(
      changes(
        [
          { before: ['acme'], now: [] },
          { before: [], now: ['acme'] },
        ],
        ['acme'],
        added,
      ),
    ).toEqual({ add: [], remove: [] });
  });

  it('a tag the team removed is not re-added by unrelated label edits, only when its label is added again', () => {
    expect(changes([{ before: ['acme'], now: ['acme', 'later'] }], [])).toEqual({
      add: ['later'],
      remove: [],
    });
    expect(changes([{ before: [], now: ['acme'] }], [])).toEqual({ add: ['acme'], remove: [] });
  });

  it('asks for the thread and its activity only when a label went away', () => {
    const threadNow = () => {
      throw new Error('not needed');
    };
    expect(
      labelTagChanges({
        edits: [{ before: ['a'], now: ['a', 'b'] }],
        tags: new Set(),
        threadNow,
        activity: threadNow,
      }),
    ).toEqual({ add: ['b'], remove: [] });
  });
});
