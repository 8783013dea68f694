import { describe, expect, it } from 'vitest';
import { userId } from '../ids.ts';
import { routingMembers } from './routing-members.ts';

const anna = userId('anna');
const bo = userId('bo');

describe('routingMembers', () => {
  const input = {
    members: [
      { id: anna, name: 'Anna', active: true },
      { id: bo, name: 'Bo', active: false },
    ],
    teams: [
      { id: 'eu', name: 'EU', memberIds: [anna, bo] },
      { id: 'asia', name: 'Asia', memberIds: [anna] },
    ],
    absences: [
      { userId: anna, from: 1_000, until: 2_000 },
      { userId: bo, from: 500, until: null },
    ],
    openThreads: { anna: 7 },
  };

  it('joins teams, absences and loads onto each member', () => {
    expect(routingMembers({ ...input, now: 1_500 })).toEqual([
      { id: 'anna', name: 'Anna', active: true, teams: ['eu', 'asia'], outOfOffice: true, openThreads: 7 },
      { id: 'bo', name: 'Bo', active: false, teams: ['eu'], outOfOffice: true, openThreads: 0 },
    ]);
  });

  it('takes an absence as [from, until)', () => {
    const annaAt = (now: number) => routingMembers({ ...input, now })[0]!.outOfOffice;
    expect([annaAt(999), annaAt(1_000), annaAt(1_999), annaAt(2_000)]).toEqual([false, true, true, false]);
  });
});
