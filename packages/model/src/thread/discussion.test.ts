import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mailboxId, threadId, userId } from '../ids.ts';
import { notificationsView } from '../projections/notifications-view.ts';
import { threadView } from '../projections/thread-view.ts';
import { createNetwork, manualClock, messageRef, threadStart, userContext } from '../testing/index.ts';
import { markNotificationRead, mentionedUsers, notifyMention } from '../user/user-doc.ts';
import { addComment, addNote, deleteComment, deleteNote, updateNote } from './discussion.ts';
import { threadMaps } from './maps.ts';
import { addMessages } from './messages.ts';
import { setThreadStatus } from './triage.ts';

const clock = manualClock();
const now = () => clock.now();
const source = { threadId: threadId('t1'), mailboxId: mailboxId('sales') };

function sharedThread() {
  const net = createNetwork();
  const [a, b] = [net.peer('a'), net.peer('b')];
  addMessages(a.doc('t'), threadStart(), [messageRef('m1')], userContext('bridge', clock));
  net.flush();
  return { net, a, b };
}

describe('comments', () => {
  it('[CM1] a comment written while another peer closes the thread is kept; the thread stays closed', () => {
    const { net, a, b } = sharedThread();
    net.disconnect('a');
    const comment = addComment(
      a.doc('t'),
      { body: 'price ok? @bob', mentions: [userId('bob')] },
      userContext('ann', clock),
    );
    notifyMention(a.doc('user/bob'), { ...source, comment }, userContext('ann', clock));
    setThreadStatus(b.doc('t'), { status: 'closed' }, userContext('bob', clock));
    net.reconnect('a');
    net.flush();
    for (const peer of [a, b]) {
      const view = threadView(peer.doc('t'), now());
      expect(view?.status).toBe('closed');
      expect(view?.comments.map((c) => c.body)).toEqual(['price ok? @bob']);
      expect(notificationsView(peer.doc('user/bob')).unreadCount).toBe(1);
    }
  });

  it('[CM2] a reply written concurrently with the deletion of its parent stays under the tombstone', () => {
    const { net, a, b } = sharedThread();
    const parent = addComment(a.doc('t'), { body: 'first' }, userContext('ann', clock));
    net.flush();
    deleteComment(a.doc('t'), parent.id, userContext('ann', clock));
    addComment(b.doc('t'), { body: 'reply', parentId: parent.id }, userContext('bob', clock));
    net.flush();
    const view = threadView(b.doc('t'), now());
    expect(view).toEqual(threadView(a.doc('t'), now()));
    expect(view?.comments).toHaveLength(1);
    expect(view?.comments[0]).toMatchObject({ deleted: true, body: '' });
    expect(view?.comments[0]?.replies.map((r) => r.body)).toEqual(['reply']);
  });

  it('[CM2] only the author deletes a comment', () => {
    const doc = new Y.Doc();
    const comment = addComment(doc, { body: 'mine' }, userContext('ann', clock));
    expect(() => deleteComment(doc, comment.id, userContext('bob', clock))).toThrow(/author/);
    expect(deleteComment(doc, comment.id, userContext('ann', clock))).toBe(true);
    expect(deleteComment(doc, comment.id, userContext('ann', clock))).toBe(false);
  });

  it('[LG1] comments and notes are logged with who and when', () => {
    const doc = new Y.Doc();
    const comment = addComment(
      doc,
      { body: 'hi', mentions: [userId('bob'), userId('bob')] },
      userContext('ann', clock),
    );
    const note = addNote(doc, 'ships FOB Ningbo', userContext('bob', clock));
    updateNote(doc, note.id, 'ships FOB Shanghai', userContext('ann', clock));
    deleteNote(doc, note.id, userContext('ann', clock));
    const log = threadMaps(doc).activity.toArray();
    expect(log.map((e) => e.action)).toEqual([
      { type: 'comment-added', commentId: comment.id, mentions: ['bob'] },
      { type: 'note-added', noteId: note.id },
      { type: 'note-updated', noteId: note.id },
      { type: 'note-deleted', noteId: note.id },
    ]);
    expect(log[1]).toMatchObject({ at: now(), by: { kind: 'user', userId: 'bob' } });
  });
});

describe('mentions', () => {
  it('[MN1] a mention is written into a fresh doc and merges into the user doc as one notification', () => {
    const thread = new Y.Doc();
    const comment = addComment(
      thread,
      { body: 'see this @bob', mentions: [userId('bob'), userId('ann')] },
      userContext('ann', clock),
    );
    expect(mentionedUsers(comment)).toEqual(['bob']);
    const bobsDoc = new Y.Doc();
    markNotificationRead(bobsDoc, 'nothing', userContext('bob', clock));
    for (let i = 0; i < 2; i += 1) {
      const fresh = new Y.Doc();
      notifyMention(fresh, { ...source, comment }, userContext('ann', clock));
      Y.applyUpdate(bobsDoc, Y.encodeStateAsUpdate(fresh));
      if (i === 0) markNotificationRead(bobsDoc, `mention:${comment.id}`, userContext('bob', clock));
    }
    const view = notificationsView(bobsDoc);
    expect(view.items).toHaveLength(1);
    expect(view.items[0]).toMatchObject({ kind: 'mention', by: 'ann', excerpt: 'see this @bob', read: true });
    expect(view.unreadCount).toBe(0);
  });
});

describe('notes', () => {
  it('[NT1] concurrent edits of one note converge to one body and both are logged', () => {
    const { net, a, b } = sharedThread();
    const note = addNote(a.doc('t'), 'v1', userContext('ann', clock));
    net.flush();
    updateNote(a.doc('t'), note.id, 'from ann', userContext('ann', clock));
    updateNote(b.doc('t'), note.id, 'from bob', userContext('bob', clock));
    net.flush();
    const [va, vb] = [threadView(a.doc('t'), now()), threadView(b.doc('t'), now())];
    expect(va).toEqual(vb);
    expect(['from ann', 'from bob']).toContain(va?.notes[0]?.body);
    expect(va?.activity.filter((e) => e.action.type === 'note-updated')).toHaveLength(2);
  });
});
