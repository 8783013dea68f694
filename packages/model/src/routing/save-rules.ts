// The rule editor's save: the edited list of rules, in order, into the workspace doc's
// `routingRules` rows. A row is one plain value (SPEC [WS1]), so rewriting a row the manager did
// not change would overwrite a colleague's concurrent edit of it: only rows whose content or order
// changed are written. Order is kept with as few position changes as possible (the rules whose
// stored positions already ascend keep them; the rest get a position between their neighbours).
import type * as Y from 'yjs';
import type { OpContext } from '../deps.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { workspaceTable } from '../workspace-doc/workspace-doc.ts';
import { orderedRules, positionBetween, type RoutingRuleRow } from './rule-rows.ts';
import type { RoutingRule } from './rule-types.ts';

export interface RuleSavePlan {
  readonly put: readonly RoutingRuleRow[];
  readonly remove: readonly string[];
}

/** Indexes (into `positions`) of one longest strictly ascending run, kept in order. */
function longestAscending(positions: readonly (number | undefined)[]): Set<number> {
  const best: number[] = [];
  const previous: number[] = [];
  let bestEnd = -1;
  positions.forEach((position, i) => {
    best[i] = 0;
    previous[i] = -1;
    if (position === undefined) return;
    best[i] = 1;
    for (let j = 0; j < i; j += 1) {
      const before = positions[j];
      if (before !== undefined && before < position && best[j]! + 1 > best[i]) {
        best[i] = best[j]! + 1;
        previous[i] = j;
      }
    }
    if (bestEnd === -1 || best[i] > best[bestEnd]!) bestEnd = i;
  });
  const kept = new Set<number>();
  for (let i = bestEnd; i !== -1; i = previous[i]!) kept.add(i);
  return kept;
}

/** Pure: what `saveRoutingRules` writes for this draft over these stored rows. */
export function planRuleSave(storedRows: Iterable<unknown>, draft: readonly RoutingRule[]): RuleSavePlan {
  const { rules: stored, invalid } = orderedRules(storedRows);
  const byId = new Map(stored.map((rule) => [rule.id, rule]));
  const storedPositions = draft.map((rule) => byId.get(rule.id)?.position);
  const kept = longestAscending(storedPositions);
  const positions: number[] = [];
  for (const [i] of draft.entries()) {
    if (kept.has(i)) {
      positions[i] = storedPositions[i]!;
      continue;
    }
    // Between the previous rule's new position and the next rule that keeps its own.
    let next: number | undefined;
    for (let j = i + 1; j < draft.length; j += 1)
      if (kept.has(j)) {
        next = storedPositions[j];
        break;
      }
    positions[i] = positionBetween(positions[i - 1], next);
  }
  const put = draft
    .map((rule, i): RoutingRuleRow => ({ ...structuredClone(rule), position: positions[i]! }))
    .filter((row) => {
      const before = byId.get(row.id);
      return !before || JSON.stringify(canonical(before)) !== JSON.stringify(canonical(row));
    });
  const drafted = new Set(draft.map((rule) => rule.id));
  // Unreadable rows are left alone: the editor cannot show them, so it cannot have meant to delete them.
  const remove = stored.map((rule) => rule.id).filter((id) => !drafted.has(id) && !invalid.includes(id));
  return { put, remove };
}

/** Key order must not make two equal rows look different. */
function canonical(row: RoutingRuleRow): RoutingRuleRow {
  const { id, name, enabled, match, conditions, actions, position } = row;
  return { id, name, enabled, match, conditions, actions, continue: row.continue, position };
}

/** Writes the draft as the workspace's rule list in one transaction; returns how many rows changed. */
export function saveRoutingRules(doc: Y.Doc, draft: readonly RoutingRule[], ctx: OpContext): number {
  const rows = workspaceTable(doc, 'routingRules');
  const plan = planRuleSave(rows.values(), draft);
  if (plan.put.length === 0 && plan.remove.length === 0) return 0;
  ensureSchema(doc, 'workspace');
  doc.transact(() => {
    for (const row of plan.put) rows.set(row.id, { ...row });
    for (const id of plan.remove) rows.delete(id);
  }, ctx.actor);
  return plan.put.length + plan.remove.length;
}
