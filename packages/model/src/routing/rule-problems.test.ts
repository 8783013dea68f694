import { describe, expect, it } from 'vitest';
import { mailboxId, userId } from '../ids.ts';
import { ruleProblems, type RuleProblemContext } from './rule-problems.ts';
import { member, rule } from './test-fixtures.ts';

const ctx: RuleProblemContext = {
  members: [member('anna', ['eu']), member('bo', ['asia'], { active: false })],
  teams: [
    { id: 'eu', name: 'EU' },
    { id: 'asia', name: 'Asia' },
  ],
  mailboxIds: [mailboxId('sales')],
};
const english = (rules: Parameters<typeof ruleProblems>[0]) =>
  ruleProblems(rules, ctx).map((p) => p.reason.en);

describe('ruleProblems', () => {
  it('accepts a sound rule set', () => {
    const rules = [
      rule('a', {
        conditions: [{ kind: 'product', products: ['valve'], fields: ['subject'] }],
        actions: [{ kind: 'roundRobin', teamId: 'eu' }],
      }),
      rule('b', { actions: [{ kind: 'tag', tag: 'rest' }] }),
    ];
    expect(ruleProblems(rules, ctx)).toEqual([]);
  });

  it('flags rules that cannot do what they say', () => {
    const rules = [
      rule('a'),
      rule('b', {
        conditions: [
          { kind: 'keyword', keywords: [' '], fields: ['subject'] },
          { kind: 'mailbox', mailboxIds: [mailboxId('gone')] },
        ],
        actions: [
          { kind: 'assign', memberId: userId('bo') },
          { kind: 'leastLoaded', teamId: 'asia' },
          { kind: 'roundRobin', teamId: 'mars' },
          { kind: 'spam' },
        ],
      }),
    ];
    expect(english(rules)).toEqual([
      'rule 1: does nothing',
      'rule 2: the keyword condition is empty and never matches',
      'rule 2: unknown mailbox gone',
      'rule 2: only its first assignment can take effect',
      'rule 2: marks spam, so its assignment is dropped',
      'rule 2: Bo is not an active member',
      'rule 2: team Asia has no active members',
      'rule 2: unknown team mars',
      'rule 2 never runs: rule 1 takes every message',
    ]);
    expect(ruleProblems(rules, ctx)[0]!.reason.zh).toBe('规则 1：没有任何动作');
  });

  it('finds rules hidden behind a catch-all, but not behind one that continues or may find nobody', () => {
    const valves = { kind: 'product', products: ['valve'], fields: ['subject'] } as const;
    const hidden = [
      rule('all', { actions: [{ kind: 'tag', tag: 'x' }] }),
      rule('late', { conditions: [valves], actions: [{ kind: 'tag', tag: 'y' }] }),
    ];
    expect(english(hidden)).toEqual(['rule 2 never runs: rule 1 takes every message']);
    const continues = [rule('all', { actions: [{ kind: 'tag', tag: 'x' }], continue: true }), hidden[1]!];
    expect(english(continues)).toEqual([]);
    const team = [rule('all', { actions: [{ kind: 'roundRobin', teamId: 'eu' }] }), hidden[1]!];
    expect(english(team)).toEqual([]);
    const toInactive = [rule('all', { actions: [{ kind: 'assign', memberId: userId('bo') }] }), hidden[1]!];
    expect(english(toInactive)).toEqual(['rule 1: Bo is not an active member']);
    const toActive = [rule('all', { actions: [{ kind: 'assign', memberId: userId('anna') }] }), hidden[1]!];
    expect(english(toActive)).toEqual(['rule 2 never runs: rule 1 takes every message']);
  });
});
