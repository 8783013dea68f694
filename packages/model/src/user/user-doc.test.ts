import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mailboxId, threadId } from '../ids.ts';
import { mentionedThreadIds, notificationsView } from '../projections/notifications-view.ts';
import { manualClock, userContext } from '../testing/index.ts';
import { addComment } from '../thread/discussion.ts';
import { markAllNotificationsRead, notifyMention, setUserSetting, userMaps } from './user-doc.ts';

const clock = manualClock();

describe('user doc', () => {
  it('[MN1] notifications list newest first with read flags; mark all read', () => {
    const thread = new Y.Doc();
    const userDoc = new Y.Doc();
    const ann = userContext('ann', clock);
    for (const [t, body] of [
      ['t1', 'first'],
      ['t2', 'second'],
    ] as const) {
      const comment = addComment(thread, { body }, ann);
      notifyMention(userDoc, { threadId: threadId(t), mailboxId: mailboxId('sales'), comment }, ann);
      clock.advance(1000);
    }
    const view = notificationsView(userDoc);
    expect(view.items.map((n) => [n.kind === 'mention' ? n.excerpt : n.id, n.read])).toEqual([
      ['second', false],
      ['first', false],
    ]);
    expect([...mentionedThreadIds(userDoc)].sort()).toEqual(['t1', 't2']);
    expect(markAllNotificationsRead(userDoc, userContext('bob', clock))).toBe(2);
    expect(markAllNotificationsRead(userDoc, userContext('bob', clock))).toBe(0);
    expect(notificationsView(userDoc).unreadCount).toBe(0);
  });

  it('personal settings are keys of their own', () => {
    const doc = new Y.Doc();
    setUserSetting(doc, 'locale', 'zh-CN', userContext('bob', clock));
    setUserSetting(doc, 'density', 'compact', userContext('bob', clock));
    expect(userMaps(doc).settings.toJSON()).toEqual({ locale: 'zh-CN', density: 'compact' });
  });
});
