// What routing reads from and writes to the workspace doc: rules, members, teams and absences in,
// round-robin cursors in and out. The cursors live in their own map, one key per team, so two
// teams' cursors moved by different peers merge (SPEC [RT9]).
import type * as Y from 'yjs';
import type { OpContext } from '../deps.ts';
import type { UserId } from '../ids.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { workspaceTable } from '../workspace-doc/workspace-doc.ts';
import { routingMembers } from './routing-members.ts';
import { orderedRules, type RoutingRuleRow } from './rule-rows.ts';
import type { RoutingMember, RoutingState, TeamId } from './rule-types.ts';

const ROUTING_STATE_MAP = 'routingState';
const CURSOR_PREFIX = 'roundRobin/';

function stateMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROUTING_STATE_MAP);
}

/** The stored round-robin cursors; loads are not stored (they come from the inbox index). */
export function readRoutingState(doc: Y.Doc): RoutingState {
  const roundRobin: Record<TeamId, UserId> = {};
  for (const [key, value] of stateMap(doc).entries())
    if (key.startsWith(CURSOR_PREFIX) && typeof value === 'string')
      roundRobin[key.slice(CURSOR_PREFIX.length)] = value as UserId;
  return { roundRobin, loads: {} };
}

/** Writes the cursors that differ from what is stored; returns whether anything was written. */
export function saveRoutingState(doc: Y.Doc, state: RoutingState, ctx: OpContext): boolean {
  const map = stateMap(doc);
  const changed = Object.entries(state.roundRobin).filter(
    ([team, id]) => map.get(CURSOR_PREFIX + team) !== id,
  );
  if (changed.length === 0) return false;
  ensureSchema(doc, 'workspace');
  doc.transact(() => {
    for (const [team, id] of changed) map.set(CURSOR_PREFIX + team, id);
  }, ctx.actor);
  return true;
}

export interface WorkspaceRouting {
  readonly rules: readonly RoutingRuleRow[];
  /** Ids of rule rows that could not be read (skipped, shown in the rule editor). */
  readonly invalidRules: readonly string[];
  readonly members: readonly RoutingMember[];
  readonly teams: readonly { readonly id: TeamId; readonly name: string }[];
  readonly state: RoutingState;
}

/** Everything `routeMessage` needs besides the message and the customer. */
export function workspaceRouting(
  doc: Y.Doc,
  input: { readonly now: number; readonly openThreads: Readonly<Record<string, number>> },
): WorkspaceRouting {
  const { rules, invalid } = orderedRules(workspaceTable(doc, 'routingRules').values());
  const teams = [...workspaceTable(doc, 'teams').values()]
    .filter((team) => typeof team.id === 'string' && Array.isArray(team.memberIds))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const members = [...workspaceTable(doc, 'members').values()].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return {
    rules,
    invalidRules: invalid,
    members: routingMembers({
      members,
      teams,
      absences: [...workspaceTable(doc, 'absences').values()],
      openThreads: input.openThreads,
      now: input.now,
    }),
    teams: teams.map((team) => ({ id: team.id, name: team.name })),
    state: readRoutingState(doc),
  };
}
