import { describe, expect, it } from 'vitest';
import { commentId, mailboxId, threadId, userId } from '@wharf/model';
import { createDesktopNotifier, type DesktopNotice, type NotificationItem } from './desktop-notifications.ts';

const mention = (id: string, by = 'bob', thread = 't1'): NotificationItem => ({
  id: `mention:${id}`,
  kind: 'mention',
  threadId: threadId(thread),
  mailboxId: mailboxId('sales'),
  commentId: commentId(id),
  by: userId(by),
  excerpt: `@Ann ${id}`,
  at: 1,
  read: false,
});
const sla: NotificationItem = {
  id: 'sla:overdue:sales:t2',
  kind: 'sla',
  alert: 'overdue',
  threadId: threadId('t2'),
  mailboxId: mailboxId('sales'),
  dueAt: 1,
  at: 2,
  read: false,
};

function notifier(state: { permission?: NotificationPermission; focused?: string } = {}) {
  const shown: DesktopNotice[] = [];
  const n = createDesktopNotifier({
    me: userId('ann'),
    permission: () => state.permission ?? 'granted',
    focusedThreadHref: () => state.focused,
    title: (item) => item.kind,
    body: (item) => (item.kind === 'mention' ? item.excerpt : item.alert),
    show: (notice) => shown.push(notice),
  });
  return { n, shown, state };
}

describe('desktop notifications', () => {
  it('shows each new notification of any kind once, with its id as the tag', () => {
    const { n, shown } = notifier();
    n.arrived([mention('c1'), sla]);
    n.arrived([mention('c1'), sla]);
    expect(shown).toEqual([
      { title: 'mention', body: '@Ann c1', tag: 'mention:c1', href: '/thread/sales/t1' },
      { title: 'sla', body: 'overdue', tag: 'sla:overdue:sales:t2', href: '/thread/sales/t2' },
    ]);
  });

  it("skips the user's own actions, read items, and the thread on screen in a focused window", () => {
    const { n, shown, state } = notifier({ focused: '/thread/sales/t1' });
    n.arrived([mention('c1'), mention('c2', 'ann', 't3'), { ...mention('c3', 'bob', 't3'), read: true }]);
    expect(shown).toEqual([]);
    state.focused = undefined;
    n.arrived([mention('c4')]);
    expect(shown.map((s) => s.tag)).toEqual(['mention:c4']);
  });

  it('shows nothing without the permission', () => {
    for (const permission of ['denied', 'default'] as const) {
      const { n, shown } = notifier({ permission });
      expect(n.arrived([mention('c1'), sla])).toEqual([]);
      expect(shown).toEqual([]);
    }
  });
});
