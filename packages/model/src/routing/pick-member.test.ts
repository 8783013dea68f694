import { describe, expect, it } from 'vitest';
import { userId } from '../ids.ts';
import { pickLeastLoaded, pickRoundRobin } from './pick-member.ts';
import { routeMessage } from './route-message.ts';
import { EMPTY_ROUTING_STATE, type RoutingMember, type RoutingState } from './rule-types.ts';
import { member, message, rule } from './test-fixtures.ts';

function counts(ids: readonly (string | null)[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const id of ids) if (id !== null) result[id] = (result[id] ?? 0) + 1;
  return result;
}

describe('round-robin', () => {
  it('[RT4] spreads 1,000 threads over a team with max − min ≤ 1, through routeMessage and stored state', () => {
    const team = ['dora', 'anna', 'emil', 'bo', 'chen', 'fay', 'gus'].map((id) => member(id, ['sales']));
    const rules = [rule('rr', { actions: [{ kind: 'roundRobin', teamId: 'sales' }] })];
    let state: RoutingState = EMPTY_ROUTING_STATE;
    const assignees: (string | null)[] = [];
    for (let i = 0; i < 1_000; i++) {
      const result = routeMessage({
        message: message({ subject: `inquiry ${i}` }),
        customer: null,
        rules,
        members: team,
        state,
      });
      // The state goes through JSON as it would through a doc.
      state = JSON.parse(JSON.stringify(result.state)) as RoutingState;
      assignees.push(result.decision.assigneeId);
    }
    const spread = Object.values(counts(assignees));
    expect(spread).toHaveLength(7);
    expect(Math.max(...spread) - Math.min(...spread)).toBeLessThanOrEqual(1);
    expect(assignees.slice(0, 8)).toEqual(['anna', 'bo', 'chen', 'dora', 'emil', 'fay', 'gus', 'anna']);
  });

  it('[RT4] skips out-of-office members and resumes with them when they are back', () => {
    const back = [member('anna', ['eu']), member('bo', ['eu']), member('chen', ['eu'])];
    const away = back.map((m) => (m.id === 'bo' ? { ...m, outOfOffice: true } : m));
    let state: RoutingState = EMPTY_ROUTING_STATE;
    const picks: (string | null)[] = [];
    for (const members of [away, away, away, away, back, back, back]) {
      const pick = pickRoundRobin('eu', members, state);
      picks.push(pick.memberId);
      if (pick.memberId) state = pick.state;
    }
    expect(picks).toEqual(['anna', 'chen', 'anna', 'chen', 'anna', 'bo', 'chen']);
  });

  it('[RT4] survives the last picked member leaving the team', () => {
    const state: RoutingState = { roundRobin: { eu: userId('bo') }, loads: {} };
    const pick = pickRoundRobin('eu', [member('anna', ['eu']), member('chen', ['eu'])], state);
    expect(pick.memberId).toBe('chen');
  });

  it('returns nobody when the whole team is away', () => {
    const pick = pickRoundRobin('eu', [member('anna', ['eu'], { outOfOffice: true })], EMPTY_ROUTING_STATE);
    expect(pick.memberId).toBeNull();
  });
});

describe('least-loaded', () => {
  const team: RoutingMember[] = [
    member('anna', ['eu'], { openThreads: 5 }),
    member('bo', ['eu'], { openThreads: 2 }),
    member('chen', ['eu'], { openThreads: 0, outOfOffice: true }),
    member('dora', ['eu'], { openThreads: 2 }),
    member('emil', ['asia'], { openThreads: 0 }),
  ];

  it('[RT5] spreads a batch of concurrent arrivals using the returned loads', () => {
    let state: RoutingState = EMPTY_ROUTING_STATE;
    const picks: (string | null)[] = [];
    for (let i = 0; i < 9; i++) {
      const pick = pickLeastLoaded('eu', team, state);
      picks.push(pick.memberId);
      if (pick.memberId) state = pick.state;
    }
    // bo and dora catch up with anna first (ties to the lower id), then all three take turns.
    expect(picks).toEqual(['bo', 'dora', 'bo', 'dora', 'bo', 'dora', 'anna', 'bo', 'dora']);
    expect(state.loads).toEqual({ anna: 6, bo: 6, dora: 6 });
  });

  it('without the returned loads every arrival would go to the same member', () => {
    const picks = Array.from({ length: 3 }, () => pickLeastLoaded('eu', team, EMPTY_ROUTING_STATE).memberId);
    expect(new Set(picks).size).toBe(1);
  });

  it('[RT5] breaks ties the same way whatever order members are listed in', () => {
    const reversed = [...team].reverse();
    expect(pickLeastLoaded('eu', reversed, EMPTY_ROUTING_STATE).memberId).toBe('bo');
  });

  it('[RT5] never picks an out-of-office member even with the lowest load', () => {
    for (let i = 0, state = EMPTY_ROUTING_STATE; i < 20; i++) {
      const pick = pickLeastLoaded('eu', team, state);
      expect(pick.memberId).not.toBe('chen');
      if (pick.memberId) state = pick.state;
    }
  });
});
