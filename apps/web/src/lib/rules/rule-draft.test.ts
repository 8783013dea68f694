import { describe, expect, it } from 'vitest';
import { mailboxId, previewRules, threadId, userId, type ThreadSummary } from '@wharf/model';
import { dropRule, moveRule, newRule, previewThreadFromRow, recentRows, splitList } from './rule-draft.ts';

const [a, b, c] = ['a', 'b', 'c'].map((id) => newRule(id, id)) as [
  ReturnType<typeof newRule>,
  ReturnType<typeof newRule>,
  ReturnType<typeof newRule>,
];
const ids = (rules: readonly { id: string }[]) => rules.map((rule) => rule.id);

function row(id: string, overrides: Partial<ThreadSummary> = {}): ThreadSummary {
  return {
    threadId: threadId(id),
    mailboxId: mailboxId('sales'),
    subject: 'Inquiry',
    counterpart: { address: 'buyer@example.de', name: 'Buyer' },
    snippet: '',
    lastActivity: 0,
    messageCount: 1,
    hasAttachments: false,
    assignee: null,
    claim: null,
    status: 'open',
    snoozeUntil: null,
    closedAt: null,
    tags: [],
    unread: true,
    needsReply: true,
    customerId: null,
    receivedAt: 0,
    firstReplyAt: null,
    ...overrides,
  };
}

describe('rule editor drafts', () => {
  it('splits typed lists on ASCII and full-width separators, keeping phrases and CJK words', () => {
    expect(splitList('valve, ball valve，阀门；球阀、 ,\nDN50')).toEqual([
      'valve',
      'ball valve',
      '阀门',
      '球阀',
      'DN50',
    ]);
  });

  it('moves rules up and down within the ends, and drops a dragged rule before another', () => {
    expect(ids(moveRule([a, b, c], 'c', -1))).toEqual(['a', 'c', 'b']);
    expect(ids(moveRule([a, b, c], 'a', -1))).toEqual(['a', 'b', 'c']);
    expect(ids(moveRule([a, b, c], 'a', 5))).toEqual(['b', 'c', 'a']);
    expect(ids(dropRule([a, b, c], 'c', 'a'))).toEqual(['c', 'a', 'b']);
    expect(ids(dropRule([a, b, c], 'a', undefined))).toEqual(['b', 'c', 'a']);
  });

  it('replays index rows through a draft: a keyword in the subject reassigns and tags', () => {
    const valve = {
      ...newRule('r1', 'valves'),
      conditions: [{ kind: 'keyword' as const, keywords: ['valve', '阀门'], fields: ['subject' as const] }],
      actions: [
        { kind: 'assign' as const, memberId: userId('bea') },
        { kind: 'tag' as const, tag: 'valves' },
      ],
    };
    const rows = recentRows(
      [
        row('t1', { subject: '询价：球阀门 DN50', lastActivity: 2 }),
        row('t2', { subject: 'Catalogue please', lastActivity: 3, assignee: userId('ann') }),
        row('t3', { subject: 'old valve', lastActivity: 1 }),
      ],
      2,
    );
    expect(rows.map((r) => r.threadId)).toEqual(['t1', 't2']);
    const members = [
      { id: userId('bea'), name: 'Bea', teams: [], active: true, outOfOffice: false, openThreads: 0 },
    ];
    const preview = previewRules(
      [valve],
      rows.map((r) => previewThreadFromRow(r, null)),
      { members, state: { roundRobin: {}, loads: {} } },
    );
    expect(preview.rows.map((r) => [r.threadId, r.changes, r.proposed.reason.en])).toEqual([
      ['t1', ['assignee', 'tags'], "rule 1: keyword '阀门'"],
      ['t2', ['assignee'], 'no rule matched: unassigned'],
    ]);
  });
});
