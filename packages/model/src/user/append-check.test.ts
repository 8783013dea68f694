import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mailboxId, threadId, userId } from '../ids.ts';
import { manualClock, userContext } from '../testing/index.ts';
import { addComment } from '../thread/discussion.ts';
import { notificationsView } from '../projections/notifications-view.ts';
import { checkNotificationAppend } from './append-check.ts';
import { markNotificationRead, notifyMention, setUserSetting, userMaps } from './user-doc.ts';

const clock = manualClock();
const ann = userId('ann');
const source = { threadId: threadId('t1'), mailboxId: mailboxId('sales') };

function mentionUpdate(by = 'ann'): { update: Uint8Array; id: string } {
  const ctx = userContext(by, clock);
  const comment = addComment(new Y.Doc(), { body: 'look @bob', mentions: [userId('bob')] }, ctx);
  const fresh = new Y.Doc();
  const notification = notifyMention(fresh, { ...source, comment }, ctx);
  return { update: Y.encodeStateAsUpdate(fresh), id: notification.id };
}

describe('appending to another user’s doc', () => {
  it('[MN2] a mention written into a fresh doc by its author is accepted', () => {
    expect(checkNotificationAppend(mentionUpdate().update, ann)).toEqual({ ok: true });
  });

  it('[MN2] a notification claiming another author is refused', () => {
    expect(checkNotificationAppend(mentionUpdate('cho').update, ann)).toEqual({
      ok: false,
      reason: expect.stringMatching(/not by ann/),
    });
  });

  it('[MN2] edits of existing state are refused: deletes, overwrites, settings, read marks', () => {
    const bobs = new Y.Doc();
    const { update, id } = mentionUpdate();
    Y.applyUpdate(bobs, update);
    const attempts: [(doc: Y.Doc) => void, RegExp][] = [
      [(doc) => userMaps(doc).notifications.delete(id), /deletes/],
      [
        (doc) =>
          userMaps(doc).notifications.set(id, { ...userMaps(doc).notifications.get(id)!, excerpt: 'forged' }),
        /deletes/,
      ],
      [(doc) => setUserSetting(doc, 'locale', 'en', userContext('ann', clock)), /settings is not appendable/],
      [(doc) => markNotificationRead(doc, id, userContext('ann', clock)), /reads is not appendable/],
      [(doc) => doc.getArray('other').push(['x']), /other is not appendable/],
    ];
    for (const [attempt, reason] of attempts) {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(bobs));
      const before = Y.encodeStateVector(copy);
      attempt(copy);
      expect(checkNotificationAppend(Y.encodeStateAsUpdate(copy, before), ann)).toEqual({
        ok: false,
        reason: expect.stringMatching(reason),
      });
    }
  });

  it('[MN2] a mention with a malformed field is refused, and never shown if it got in anyway', () => {
    const fresh = new Y.Doc();
    const { update, id } = mentionUpdate();
    Y.applyUpdate(fresh, update);
    const row = userMaps(fresh).notifications.get(id)!;
    const forged = new Y.Doc();
    userMaps(forged).notifications.set(id, { ...row, excerpt: 42 as unknown as string });
    expect(checkNotificationAppend(Y.encodeStateAsUpdate(forged), ann)).toMatchObject({ ok: false });
    expect(notificationsView(forged).items).toEqual([]);
  });

  it('[MN2] garbage is refused', () => {
    expect(checkNotificationAppend(new Uint8Array([1, 2, 3, 4, 5]), ann)).toMatchObject({ ok: false });
  });
});
