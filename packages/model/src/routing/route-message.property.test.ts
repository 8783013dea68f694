import { describe, expect, it } from 'vitest';
import { createPrng } from '../testing/prng.ts';
import { routeMessage, type RoutingInput } from './route-message.ts';
import { EMPTY_ROUTING_STATE, type RoutingMember, type RoutingState } from './rule-types.ts';
import { member, message, rule } from './test-fixtures.ts';

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);
const NAMES = ['ana', 'ben', 'cai', 'dev', 'eli', 'fei', 'gus', 'hao', 'ivy'];

describe('routing properties (seeded)', () => {
  it.each(SEEDS)(
    '[RT4] seed %i: round-robin stays fair among members who were never away, and never picks an absent one',
    (seed) => {
      const prng = createPrng(seed);
      const names = NAMES.slice(0, 2 + prng.int(NAMES.length - 1));
      const neverAway = new Set(names.filter(() => prng.chance(0.6)));
      const rules = [
        rule('tag', { actions: [{ kind: 'tag', tag: 'inbound' }], continue: true }),
        rule('rr', { actions: [{ kind: 'roundRobin', teamId: 'sales' }] }),
      ];
      let state: RoutingState = EMPTY_ROUTING_STATE;
      const counts = new Map<string, number>();
      for (let i = 0, arrivals = 200 + prng.int(800); i < arrivals; i++) {
        // Members come and go; the list arrives in any order.
        const members: RoutingMember[] = names
          .map((name) => member(name, ['sales'], { outOfOffice: !neverAway.has(name) && prng.chance(0.5) }))
          .sort(() => prng.next() - 0.5);
        const result = routeMessage({ message: message(), customer: null, rules, members, state });
        state = JSON.parse(JSON.stringify(result.state)) as RoutingState;
        const picked = result.decision.assigneeId;
        if (picked === null) {
          expect(members.every((m) => m.outOfOffice)).toBe(true);
          continue;
        }
        expect(members.find((m) => m.id === picked)?.outOfOffice).toBe(false);
        counts.set(picked, (counts.get(picked) ?? 0) + 1);
      }
      const fair = [...neverAway].map((name) => counts.get(name) ?? 0);
      if (fair.length > 1) expect(Math.max(...fair) - Math.min(...fair)).toBeLessThanOrEqual(1);
    },
  );

  it.each(SEEDS.slice(0, 10))(
    '[RT6] seed %i: the same input always gives the same decision and state',
    (seed) => {
      const prng = createPrng(seed);
      const members = NAMES.map((name) =>
        member(name, [prng.pick(['eu', 'asia'])], { openThreads: prng.int(20) }),
      );
      const input: RoutingInput = {
        message: message({ subject: prng.pick(['ball valve', '阀门报价', 'hello', 'Kugelhahn Anfrage']) }),
        customer: null,
        rules: [
          rule('cjk', {
            conditions: [{ kind: 'product', products: ['阀门'], fields: ['subject'] }],
            actions: [{ kind: 'leastLoaded', teamId: 'asia' }],
          }),
          rule('eu', {
            conditions: [{ kind: 'product', products: ['valve', 'kugelhahn'], fields: ['subject'] }],
            actions: [{ kind: 'roundRobin', teamId: 'eu' }],
          }),
        ],
        members,
        state: { roundRobin: { eu: members[prng.int(members.length)]!.id }, loads: {} },
      };
      // A bridge that restarts mid-way recomputes the decision from the same stored inputs.
      expect(routeMessage(structuredClone(input))).toEqual(routeMessage(input));
    },
  );
});
