import { describe, expect, it } from 'vitest';
import { threadId, userId } from '../ids.ts';
import { previewRules, type PreviewThread } from './preview-rules.ts';
import { EMPTY_ROUTING_STATE } from './rule-types.ts';
import { customer, member, message, rule } from './test-fixtures.ts';

const members = [member('anna', ['eu']), member('bo', ['eu']), member('chen', ['asia'])];
const unrouted = { assigneeId: null, tags: [], priority: null, spam: false };

function thread(id: string, overrides: Partial<PreviewThread> = {}): PreviewThread {
  return { threadId: threadId(id), message: message(), customer: null, current: unrouted, ...overrides };
}

describe('previewRules', () => {
  const rules = [
    rule('german-valves', {
      conditions: [
        { kind: 'language', languages: ['de'] },
        { kind: 'product', products: ['ventil*', 'kugelhahn*'], fields: ['subject', 'body'] },
      ],
      actions: [
        { kind: 'roundRobin', teamId: 'eu' },
        { kind: 'tag', tag: 'DACH' },
      ],
    }),
  ];
  const german = message({
    subject: 'Anfrage Kugelhähne',
    text: 'Wir bitten um ein Angebot für Ihre Kugelhähne DN50.',
  });

  it('shows per thread what the draft rules would change and why', () => {
    const threads = [
      thread('t1', { message: german }),
      thread('t2', {
        message: german,
        current: { assigneeId: userId('bo'), tags: ['DACH'], priority: null, spam: false },
      }),
      thread('t3', {
        message: message({ subject: 'Hello' }),
        current: { assigneeId: userId('chen'), tags: [], priority: null, spam: false },
      }),
      thread('t4', {
        message: german,
        customer: customer('acme', 'Acme GmbH', 'chen'),
        current: { ...unrouted, assigneeId: userId('chen') },
      }),
    ];
    const preview = previewRules(rules, threads, { members, state: EMPTY_ROUTING_STATE });
    const byThread = Object.fromEntries(preview.rows.map((row) => [row.threadId, row]));

    expect(byThread.t1).toMatchObject({
      changes: ['assignee', 'tags'],
      addedTags: ['DACH'],
      proposed: { assigneeId: 'anna' },
    });
    expect(byThread.t1!.proposed.reason.en).toBe("rule 1: language German, product keyword 'kugelhahn*'");
    // The round-robin continues through the batch, so t2 lands where it already is.
    expect(byThread.t2).toMatchObject({ changes: [], proposed: { assigneeId: 'bo' } });
    // Unmatched mail would be unassigned: a change from chen to nobody.
    expect(byThread.t3).toMatchObject({ changes: ['assignee'], proposed: { outcome: 'unassigned' } });
    expect(byThread.t4).toMatchObject({
      changes: ['tags'],
      proposed: { outcome: 'owner', assigneeId: 'chen' },
    });
    expect(preview).toMatchObject({ changed: 3, unchanged: 1 });
  });

  it('does not count a tag removed by hand, or an unset priority, as a change', () => {
    const tagOnly = [rule('t', { actions: [{ kind: 'tag', tag: 'x' }] })];
    const current = { assigneeId: null, tags: ['x', 'manual'], priority: 'high' as const, spam: false };
    const preview = previewRules(tagOnly, [thread('t1', { current })], {
      members,
      state: EMPTY_ROUTING_STATE,
    });
    expect(preview.rows[0]!.changes).toEqual([]);
  });
});
