import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mailboxId, threadId, userId } from '../ids.ts';
import { manualClock, userContext } from '../testing/index.ts';
import { addComment } from '../thread/discussion.ts';
import { notificationsView } from '../projections/notifications-view.ts';
import { checkNotificationAppend } from './append-check.ts';
import { BRIDGE_ACTOR } from '../deps.ts';
import { testDeps } from '../testing/index.ts';
import { markNotificationRead, notifyMention, notifySla, setUserSetting, userMaps } from './user-doc.ts';

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

  const bridge = { kind: 'service', name: 'mail-bridge' } as const;
  const slaUpdate = (): Uint8Array => {
    const fresh = new Y.Doc();
    notifySla(
      fresh,
      { alert: 'overdue', ...source, dueAt: 1_000 },
      { deps: testDeps('bridge', clock), actor: BRIDGE_ACTOR },
    );
    return Y.encodeStateAsUpdate(fresh);
  };

  it('[SL4] the bridge (a service) may append an SLA alert; a member may not', () => {
    expect(checkNotificationAppend(slaUpdate(), bridge)).toEqual({ ok: true });
    expect(checkNotificationAppend(slaUpdate(), ann)).toEqual({
      ok: false,
      reason: expect.stringMatching(/not a mention/),
    });
  });

  it('[SL4] a service may not post mentions in a member’s name, nor a forged SLA id', () => {
    expect(checkNotificationAppend(mentionUpdate().update, bridge)).toEqual({
      ok: false,
      reason: expect.stringMatching(/not an SLA notification/),
    });
    const forged = new Y.Doc();
    userMaps(forged).notifications.set('sla:overdue:sales:other', {
      id: 'sla:overdue:sales:other',
      kind: 'sla',
      alert: 'overdue',
      ...source,
      dueAt: 1,
      at: 2,
    });
    expect(checkNotificationAppend(Y.encodeStateAsUpdate(forged), bridge)).toMatchObject({ ok: false });
  });

  it('[SL4] the same alert sent twice is one notification and stays read', () => {
    const bobs = new Y.Doc();
    Y.applyUpdate(bobs, slaUpdate());
    const [item] = notificationsView(bobs).items;
    expect(item).toMatchObject({ kind: 'sla', alert: 'overdue', read: false });
    markNotificationRead(bobs, item!.id, userContext('bob', clock));
    Y.applyUpdate(bobs, slaUpdate());
    expect(notificationsView(bobs)).toMatchObject({ unreadCount: 0, items: [{ id: item!.id, read: true }] });
  });
});
