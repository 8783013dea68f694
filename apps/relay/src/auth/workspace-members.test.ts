import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MailboxId, UserId } from '@wharf/model';
import type { User } from './users.ts';
import { createWorkspaceMembers } from './workspace-members.ts';

const user = (id: string, change: Partial<User> = {}): User => ({
  id: id as UserId,
  email: `${id}@example.com`,
  name: id,
  role: 'member',
  mailboxes: ['sales' as MailboxId],
  active: true,
  ...change,
});

function harness() {
  const log: Uint8Array[] = [];
  const members = createWorkspaceMembers({
    loadDoc: () => Promise.resolve(log.length ? Y.mergeUpdates(log) : undefined),
    publish: (_name, update) => {
      log.push(update);
      return Promise.resolve();
    },
  });
  const read = () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(log));
    return doc;
  };
  return { members, log, read };
}

describe('workspace members mirror', () => {
  it('writes public fields only and publishes nothing when nothing changed', async () => {
    const { members, log, read } = harness();
    await members.mirror([user('ada', { role: 'admin' }), user('bo')], 'Acme');
    expect(read().getMap('members').toJSON()).toEqual({
      ada: { id: 'ada', name: 'ada', email: 'ada@example.com', role: 'admin', active: true },
      bo: { id: 'bo', name: 'bo', email: 'bo@example.com', role: 'member', active: true },
    });
    expect(read().getMap('settings').get('name')).toBe('Acme');
    const published = log.length;
    await members.mirror([user('bo')]);
    expect(log.length).toBe(published);
  });

  it('a later write wins over an earlier one for the same member, whatever the client ids', async () => {
    const { members, read } = harness();
    for (let i = 0; i < 20; i++) {
      void members.mirror([user('bo', { role: 'manager', active: true })]);
      void members.mirror([user('bo', { active: false })]);
    }
    await members.mirror([user('bo', { name: 'Bo 王', active: false })]);
    expect(read().getMap('members').get('bo')).toMatchObject({
      name: 'Bo 王',
      role: 'member',
      active: false,
    });
  });

  it('keeps entries other writers put into the doc', async () => {
    const { members, log, read } = harness();
    const other = new Y.Doc();
    other.getMap('settings').set('timezone', 'Asia/Shanghai');
    log.push(Y.encodeStateAsUpdate(other));
    await members.mirror([user('ada')]);
    expect(read().getMap('settings').get('timezone')).toBe('Asia/Shanghai');
    expect(read().getMap('members').has('ada')).toBe(true);
  });
});
