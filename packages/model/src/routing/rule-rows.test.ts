import { describe, expect, it } from 'vitest';
import { orderedRules, parseRoutingRule, positionBetween } from './rule-rows.ts';

const valid = {
  id: 'eu-valves',
  name: 'EU valves',
  enabled: true,
  match: 'all',
  position: 2,
  continue: false,
  conditions: [
    { kind: 'language', languages: ['de', 'fr'] },
    { kind: 'product', products: ['valve', '阀门'], fields: ['subject', 'body'] },
    { kind: 'hasAttachment' },
  ],
  actions: [
    { kind: 'roundRobin', teamId: 'eu' },
    { kind: 'priority', priority: 'high' },
  ],
};

describe('routing rule rows', () => {
  it('reads a well-formed row', () => {
    expect(parseRoutingRule(valid)).toEqual(valid);
    // A round trip through JSON (as through the doc) reads the same.
    expect(parseRoutingRule(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });

  it.each([
    ['an unknown condition', { conditions: [{ kind: 'moonPhase' }] }],
    ['an unknown language', { conditions: [{ kind: 'language', languages: ['xx'] }] }],
    ['a bad field', { conditions: [{ kind: 'keyword', keywords: ['a'], fields: ['header'] }] }],
    ['an unknown action', { actions: [{ kind: 'delete' }] }],
    ['a bad priority', { actions: [{ kind: 'priority', priority: 'asap' }] }],
    ['no position', { position: undefined }],
    ['a bad match', { match: 'most' }],
    ['conditions that are not a list', { conditions: 'all' }],
  ])('rejects a row with %s', (_name, patch) => {
    expect(parseRoutingRule({ ...valid, ...patch })).toBeUndefined();
  });

  it('orders by position, then id, and reports unreadable rows', () => {
    const rows = [
      { ...valid, id: 'c', position: 1 },
      { ...valid, id: 'b', position: 0.5 },
      { ...valid, id: 'a', position: 1 },
      { id: 'broken', position: 0 },
      'garbage',
    ];
    const { rules, invalid } = orderedRules(rows);
    expect(rules.map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(invalid).toEqual(['broken', '?']);
  });

  it('places a rule between its neighbours', () => {
    expect(positionBetween(undefined, undefined)).toBe(0);
    expect(positionBetween(undefined, 0)).toBe(-1);
    expect(positionBetween(3, undefined)).toBe(4);
    expect(positionBetween(1, 2)).toBe(1.5);
  });
});
