// Pure: choosing a member of a team. Members are taken in id order so every peer (and every
// restart of the bridge) agrees on the order; out-of-office and inactive members are skipped.
import type { UserId } from '../ids.ts';
import { reason, type Reason } from './reason.ts';
import type { RoutingMember, RoutingState, TeamId } from './rule-types.ts';

export type MemberPick =
  | { readonly memberId: UserId; readonly reason: Reason; readonly state: RoutingState }
  | { readonly memberId: null; readonly reason: Reason };

export const isAvailable = (member: RoutingMember): boolean => member.active && !member.outOfOffice;

export function loadOf(member: RoutingMember, state: RoutingState): number {
  return state.loads[member.id] ?? member.openThreads;
}

/** The state after `memberId` received one more open thread. */
export function withAssignment(
  state: RoutingState,
  memberId: UserId,
  members: readonly RoutingMember[],
): RoutingState {
  const member = members.find((candidate) => candidate.id === memberId);
  const current = state.loads[memberId] ?? member?.openThreads ?? 0;
  return { ...state, loads: { ...state.loads, [memberId]: current + 1 } };
}

function teamMembers(teamId: TeamId, members: readonly RoutingMember[]): RoutingMember[] {
  return members
    .filter((member) => member.teams.includes(teamId))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function nobody(teamName: string): MemberPick {
  return {
    memberId: null,
    reason: reason(`nobody in team ${teamName} is available`, `团队 ${teamName} 中没有可分配的成员`),
  };
}

/** The next available member after the one picked last time, wrapping around. */
export function pickRoundRobin(
  teamId: TeamId,
  members: readonly RoutingMember[],
  state: RoutingState,
  teamName: string = teamId,
): MemberPick {
  const available = teamMembers(teamId, members).filter(isAvailable);
  const last = state.roundRobin[teamId];
  const next = available.find((member) => last === undefined || member.id > last) ?? available[0];
  if (!next) return nobody(teamName);
  return {
    memberId: next.id,
    reason: reason(
      `round-robin in team ${teamName} → ${next.name}`,
      `团队 ${teamName} 轮流分配 → ${next.name}`,
    ),
    state: withAssignment(
      { ...state, roundRobin: { ...state.roundRobin, [teamId]: next.id } },
      next.id,
      members,
    ),
  };
}

/** The available member with the fewest open threads; ties go to the lowest id. */
export function pickLeastLoaded(
  teamId: TeamId,
  members: readonly RoutingMember[],
  state: RoutingState,
  teamName: string = teamId,
): MemberPick {
  let best: RoutingMember | undefined;
  for (const member of teamMembers(teamId, members).filter(isAvailable))
    if (!best || loadOf(member, state) < loadOf(best, state)) best = member;
  if (!best) return nobody(teamName);
  const load = loadOf(best, state);
  return {
    memberId: best.id,
    reason: reason(
      `least loaded in team ${teamName} → ${best.name} (${load} open)`,
      `团队 ${teamName} 中负载最低 → ${best.name}（${load} 个未结）`,
    ),
    state: withAssignment(state, best.id, members),
  };
}
