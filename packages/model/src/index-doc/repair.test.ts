import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BRIDGE_ACTOR } from '../deps.ts';
import { docName, HOT_BUCKET } from '../doc-names.ts';
import { userId } from '../ids.ts';
import { collectRows, inboxView } from '../projections/inbox-view.ts';
import { createNetwork, manualClock, messageRef, threadStart, userContext } from '../testing/index.ts';
import type { Peer } from '../testing/index.ts';
import { addMessages } from '../thread/messages.ts';
import { advanceOutbox, queueOutbox } from '../thread/outbox.ts';
import { addComment, addNote, deleteComment, updateNote } from '../thread/discussion.ts';
import { addTag, assignThread, setThreadStatus } from '../thread/triage.ts';
import { indexRows, repairIndexRow } from './repair.ts';
import type { IndexDocs } from './repair.ts';
import { bucketFor, summarizeThread } from './summary.ts';

const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0));
const indexOf =
  (peer: Peer): IndexDocs =>
  (mailboxId, bucket) =>
    peer.doc(docName({ kind: 'index', mailboxId, bucket }));
const hot = (peer: Peer) => peer.doc('index/sales/hot');
const ctx = (user: string, peer: Peer) => userContext(user, clock, indexOf(peer));

describe('index rows', () => {
  it('[IX1] every operation given the index keeps the row equal to summarizeThread', () => {
    const net = createNetwork();
    const a = net.peer('a');
    const thread = a.doc('thread/sales/t1');
    addMessages(thread, threadStart(), [messageRef('m1')], ctx('bridge', a));
    assignThread(thread, userId('ann'), ctx('ann', a));
    addTag(thread, 'vip', ctx('ann', a));
    expect(indexRows(hot(a)).get('t1')).toEqual(summarizeThread(thread));
    expect(indexRows(hot(a)).get('t1')).toMatchObject({ assignee: 'ann', tags: ['vip'], unread: true });
  });

  it('[IX4] adding, editing or deleting a comment or note changes the row; other edits do not', () => {
    const net = createNetwork();
    const a = net.peer('a');
    const thread = a.doc('thread/sales/t1');
    addMessages(thread, threadStart(), [messageRef('m1')], ctx('bridge', a));
    const fingerprint = () => indexRows(hot(a)).get('t1')!.discussion;
    expect(fingerprint()).toBe(0);
    const seen = new Set<number | undefined>([fingerprint()]);
    const comment = addComment(thread, { body: 'price is firm' }, ctx('ann', a));
    seen.add(fingerprint());
    const note = addNote(thread, 'call on Monday', ctx('ann', a));
    seen.add(fingerprint());
    updateNote(thread, note.id, 'call on Tuesday', ctx('bob', a));
    seen.add(fingerprint());
    const beforeTag = fingerprint();
    addTag(thread, 'vip', ctx('ann', a));
    expect(fingerprint()).toBe(beforeTag);
    deleteComment(thread, comment.id, ctx('ann', a));
    seen.add(fingerprint());
    expect(seen.size).toBe(5);
    expect(indexRows(hot(a)).get('t1')).toEqual(summarizeThread(thread));
  });

  it('[IX1] two peers changing different fields at once: after delivery and repair both rows hold both', () => {
    const net = createNetwork();
    const [a, b] = [net.peer('a'), net.peer('b')];
    addMessages(a.doc('thread/sales/t1'), threadStart(), [messageRef('m1')], ctx('bridge', a));
    net.flush();
    assignThread(a.doc('thread/sales/t1'), userId('ann'), ctx('ann', a));
    addTag(b.doc('thread/sales/t1'), 'vip', ctx('bob', b));
    net.flush();
    // Whole-row last-writer-wins has dropped one of the two fields in the rows.
    const merged = indexRows(hot(a)).get('t1');
    expect(merged?.assignee === 'ann' && merged.tags.includes('vip')).toBe(false);
    for (const peer of [a, b]) repairIndexRow(peer.doc('thread/sales/t1'), indexOf(peer), { kind: 'relay' });
    net.flush();
    for (const peer of [a, b]) {
      expect(indexRows(hot(peer)).get('t1')).toMatchObject({ assignee: 'ann', tags: ['vip'] });
      expect(indexRows(hot(peer)).get('t1')).toEqual(summarizeThread(peer.doc('thread/sales/t1')));
    }
    for (const peer of [a, b])
      expect(repairIndexRow(peer.doc('thread/sales/t1'), indexOf(peer), { kind: 'relay' })).toBe(false);
  });

  it('[IX2] closing rotates the row into the month bucket; a new inbound message brings it back', () => {
    const net = createNetwork();
    const a = net.peer('a');
    const thread = a.doc('thread/sales/t1');
    addMessages(thread, threadStart(), [messageRef('m1')], ctx('bridge', a));
    setThreadStatus(thread, { status: 'closed' }, ctx('ann', a));
    expect(indexRows(hot(a)).has('t1')).toBe(false);
    expect(indexRows(a.doc('index/sales/2026-11')).get('t1')?.status).toBe('closed');
    addMessages(thread, threadStart(), [messageRef('m2')], ctx('bridge', a));
    expect(indexRows(hot(a)).get('t1')?.status).toBe('open');
    expect(indexRows(a.doc('index/sales/2026-11')).has('t1')).toBe(false);
  });

  it('[IX2] a close on one peer and an edit on another leave no stale copy after repair', () => {
    const net = createNetwork();
    const [a, b] = [net.peer('a'), net.peer('b')];
    addMessages(a.doc('thread/sales/t1'), threadStart(), [messageRef('m1')], ctx('bridge', a));
    net.flush();
    setThreadStatus(a.doc('thread/sales/t1'), { status: 'closed' }, ctx('ann', a));
    assignThread(b.doc('thread/sales/t1'), userId('bob'), ctx('bob', b));
    net.flush();
    expect(indexRows(hot(a)).has('t1')).toBe(true);
    repairIndexRow(b.doc('thread/sales/t1'), indexOf(b), { kind: 'relay' });
    net.flush();
    for (const peer of [a, b]) {
      expect(indexRows(hot(peer)).has('t1')).toBe(false);
      expect(indexRows(peer.doc('index/sales/2026-11')).get('t1')).toMatchObject({
        status: 'closed',
        assignee: 'bob',
      });
    }
  });

  it('[IX2] send and close: a closed thread stays in the hot bucket until its reply has gone', () => {
    const net = createNetwork();
    const a = net.peer('a');
    const thread = a.doc('thread/sales/t1');
    addMessages(thread, threadStart(), [messageRef('m1')], ctx('bridge', a));
    const reply = {
      to: [{ address: 'buyer@buyer.example' }],
      cc: [],
      subject: 'Re',
      body: 'ok',
      messageIdDomain: 'w.example',
    };
    const entry = queueOutbox(thread, reply, ctx('ann', a));
    setThreadStatus(thread, { status: 'closed' }, ctx('ann', a));
    expect(indexRows(hot(a)).get('t1')).toMatchObject({ status: 'closed', pendingOutbox: 1 });
    const bridge = { ...ctx('bridge', a), actor: BRIDGE_ACTOR };
    advanceOutbox(thread, entry.id, 'sending', bridge);
    expect(indexRows(hot(a)).has('t1')).toBe(true);
    advanceOutbox(thread, entry.id, 'sent', bridge);
    expect(indexRows(hot(a)).has('t1')).toBe(false);
    expect(indexRows(a.doc('index/sales/2026-11')).get('t1')).toMatchObject({
      status: 'closed',
      pendingOutbox: 0,
    });
  });

  it('bucketFor: hot unless closed, then the UTC month of the close', () => {
    expect(bucketFor({ status: 'open', closedAt: null })).toBe(HOT_BUCKET);
    expect(bucketFor({ status: 'snoozed', closedAt: null })).toBe(HOT_BUCKET);
    expect(bucketFor({ status: 'closed', closedAt: Date.UTC(2026, 0, 31, 23, 59) })).toBe('2026-01');
    expect(bucketFor({ status: 'closed', closedAt: Date.UTC(2026, 0, 31), pendingOutbox: 1 })).toBe(
      HOT_BUCKET,
    );
  });

  it('[IX2] collectRows shows a thread once while it sits in two buckets, preferring the closed copy', () => {
    const hotDoc = new Y.Doc();
    const month = new Y.Doc();
    const thread = new Y.Doc();
    addMessages(thread, threadStart(), [messageRef('m1')], userContext('bridge', clock));
    const open = summarizeThread(thread)!;
    const closed = { ...open, status: 'closed' as const, closedAt: Date.UTC(2026, 10, 24) };
    indexRows(hotDoc).set('t1', open);
    indexRows(month).set('t1', closed);
    const rows = collectRows([
      { bucket: 'hot', doc: hotDoc },
      { bucket: '2026-11', doc: month },
    ]);
    expect(rows).toEqual([closed]);
    const december = new Y.Doc();
    const decemberRow = { ...open, status: 'closed' as const, closedAt: Date.UTC(2026, 11, 1) };
    indexRows(december).set('t1', decemberRow);
    const three = [
      { bucket: '2026-12', doc: december },
      { bucket: 'hot', doc: hotDoc },
      { bucket: '2026-11', doc: month },
    ];
    expect(collectRows(three)).toEqual([decemberRow]);
    expect(collectRows([...three].reverse())).toEqual([decemberRow]);
    const view = inboxView(rows, { kind: 'closed' }, { me: userId('ann'), now: clock.now() });
    expect(view.rows).toHaveLength(1);
    expect(view.counts.all).toBe(0);
  });
});
