import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { BRIDGE_ACTOR } from '../deps.ts';
import { createNetwork, testDeps } from '../testing/index.ts';
import { workspaceTable } from '../workspace-doc/workspace-doc.ts';
import { orderedRules } from './rule-rows.ts';
import { planRuleSave, saveRoutingRules } from './save-rules.ts';
import { rule } from './test-fixtures.ts';

const ctx = { deps: testDeps('m'), actor: BRIDGE_ACTOR };
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) =>
  rule(id, { actions: [{ kind: 'tag', tag: id }], conditions: [{ kind: 'hasAttachment' }] }),
) as [ReturnType<typeof rule>, ReturnType<typeof rule>, ReturnType<typeof rule>, ReturnType<typeof rule>];
const stored = (rules: ReturnType<typeof rule>[]) => rules.map((r, position) => ({ ...r, position }));
const ids = (doc: Y.Doc) => orderedRules(workspaceTable(doc, 'routingRules').values()).rules.map((r) => r.id);

describe('saving the rule editor', () => {
  it('writes nothing for an unchanged list', () => {
    expect(planRuleSave(stored([a, b, c]), [a, b, c])).toEqual({ put: [], remove: [] });
  });

  it('[RT10] moves a rule by rewriting that rule only', () => {
    const plan = planRuleSave(stored([a, b, c, d]), [d, a, b, c]);
    expect(plan.put.map((row) => [row.id, row.position])).toEqual([['d', -1]]);
    const down = planRuleSave(stored([a, b, c, d]), [b, a, c, d]);
    expect(down.put).toHaveLength(1);
    const merged = new Map([...stored([a, b, c, d]), ...down.put].map((row) => [row.id, row]));
    expect(orderedRules(merged.values()).rules.map((r) => r.id)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('writes edited and new rules, removes deleted ones, and keeps rows it cannot read', () => {
    const rows = [...stored([a, b, c]), { id: 'broken', position: 9 }];
    const edited = { ...b, enabled: false };
    const e = rule('e', { actions: [{ kind: 'spam' }] });
    const plan = planRuleSave(rows, [edited, e, c]);
    expect(plan.put.map((row) => row.id)).toEqual(['b', 'e']);
    expect(plan.remove).toEqual(['a']);
    const eRow = plan.put.find((row) => row.id === 'e')!;
    expect(eRow.position).toBeGreaterThan(1);
    expect(eRow.position).toBeLessThan(2);
  });

  it('[RT10] saves in one transaction; a colleague’s concurrent edit of another rule survives', () => {
    const net = createNetwork();
    const [mine, theirs] = [net.peer('m').doc('workspace'), net.peer('n').doc('workspace')];
    saveRoutingRules(mine, [a, b, c], ctx);
    net.flush();
    let transactions = 0;
    mine.on('afterTransaction', () => (transactions += 1));
    saveRoutingRules(mine, [c, a, b], ctx);
    expect(transactions).toBe(1);
    saveRoutingRules(theirs, [a, { ...b, name: 'renamed' }, c], ctx);
    net.flush();
    expect(ids(mine)).toEqual(['c', 'a', 'b']);
    expect(ids(theirs)).toEqual(['c', 'a', 'b']);
    expect(workspaceTable(mine, 'routingRules').get('b')?.name).toBe('renamed');
    expect(saveRoutingRules(mine, [c, a, { ...b, name: 'renamed' }], ctx)).toBe(0);
  });
});
