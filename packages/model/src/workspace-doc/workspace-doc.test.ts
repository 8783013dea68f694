import { describe, expect, it } from 'vitest';
import { BRIDGE_ACTOR } from '../deps.ts';
import { mailboxId, userId } from '../ids.ts';
import { createNetwork, testDeps } from '../testing/index.ts';
import { schemaVersionOf } from '../schema/versions.ts';
import { putWorkspaceRow, removeWorkspaceRow, setWorkspaceName, workspaceView } from './workspace-doc.ts';

const ctx = { deps: testDeps('admin'), actor: BRIDGE_ACTOR };
const member = (id: string, name: string) =>
  ({ id: userId(id), name, email: `${id}@wharf.example`, role: 'member', active: true }) as const;

describe('workspace doc', () => {
  it('[WS1] concurrent edits of different rows merge; of one row converge to one value', () => {
    const net = createNetwork();
    const [a, b] = [net.peer('a').doc('workspace'), net.peer('b').doc('workspace')];
    putWorkspaceRow(a, 'members', member('ann', 'Ann'), ctx);
    putWorkspaceRow(b, 'members', member('bob', 'Bob'), ctx);
    putWorkspaceRow(
      a,
      'mailboxes',
      { id: mailboxId('sales'), address: 'sales@wharf.example', displayName: 'Sales', sendAs: [] },
      ctx,
    );
    putWorkspaceRow(
      b,
      'mailboxes',
      { id: mailboxId('sales'), address: 'sales@wharf.example', displayName: '销售部', sendAs: [] },
      ctx,
    );
    putWorkspaceRow(a, 'slaPolicies', { id: 'first-reply', hours: 4 }, ctx);
    net.flush();
    const view = workspaceView(a);
    expect(view).toEqual(workspaceView(b));
    expect(view.members.map((m) => m.name)).toEqual(['Ann', 'Bob']);
    expect(view.mailboxes).toHaveLength(1);
    expect(view.slaPolicies).toEqual([{ id: 'first-reply', hours: 4 }]);
    expect(view.name).toBeNull();
    setWorkspaceName(b, '宁波外贸', ctx);
    net.flush();
    expect(workspaceView(a).name).toBe('宁波外贸');
    expect(schemaVersionOf(a)).toBe(1);
    expect(removeWorkspaceRow(a, 'members', 'bob', ctx)).toBe(true);
    expect(removeWorkspaceRow(a, 'members', 'bob', ctx)).toBe(false);
    expect(workspaceView(a).members.map((m) => m.id)).toEqual(['ann']);
  });
});
