// Pure: the members routing works with, assembled from the workspace's member rows, team rows,
// absences (out of office) and current open-thread counts. `now` is passed in: an absence that
// starts at 18:00 takes effect for mail routed after 18:00, on every peer alike.
import type { UserId } from '../ids.ts';
import type { RoutingMember, TeamId } from './rule-types.ts';

export interface TeamRow {
  readonly id: TeamId;
  readonly name: string;
  readonly memberIds: readonly UserId[];
}

export interface Absence {
  readonly userId: UserId;
  readonly from: number;
  /** Exclusive; null: until switched off. */
  readonly until: number | null;
}

export interface RoutingMembersInput {
  readonly members: readonly { readonly id: UserId; readonly name: string; readonly active: boolean }[];
  readonly teams: readonly TeamRow[];
  readonly absences: readonly Absence[];
  readonly openThreads: Readonly<Record<string, number>>;
  readonly now: number;
}

export function routingMembers(input: RoutingMembersInput): RoutingMember[] {
  const away = new Set(
    input.absences
      .filter((absence) => absence.from <= input.now && (absence.until === null || input.now < absence.until))
      .map((absence) => absence.userId),
  );
  return input.members.map((member) => ({
    id: member.id,
    name: member.name,
    active: member.active,
    teams: input.teams.filter((team) => team.memberIds.includes(member.id)).map((team) => team.id),
    outOfOffice: away.has(member.id),
    openThreads: input.openThreads[member.id] ?? 0,
  }));
}
