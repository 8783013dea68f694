import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mailboxId, threadId, userId } from '../ids.ts';
import { SUMMARY_SNIPPET_LENGTH, summarizeThread } from '../index-doc/summary.ts';
import type { ThreadSummary } from '../index-doc/summary.ts';
import { manualClock, messageRef, threadStart, userContext } from '../testing/index.ts';
import { addMessages } from '../thread/messages.ts';
import { addTag, assignThread, markThreadRead, setThreadStatus } from '../thread/triage.ts';
import type { StatusChange } from '../thread/triage.ts';
import { inboxView } from './inbox-view.ts';

const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0));
const ann = userId('ann');

function summary(id: string, setup: (doc: Y.Doc) => void = () => {}, mailbox = 'sales'): ThreadSummary {
  const doc = new Y.Doc();
  const date = clock.now() - Number(id.slice(1)) * 60_000;
  addMessages(
    doc,
    threadStart(id, mailbox),
    [messageRef(`${id}-m1`, { date })],
    userContext('bridge', clock),
  );
  setup(doc);
  return summarizeThread(doc)!;
}

const status = (change: StatusChange) => (doc: Y.Doc) =>
  setThreadStatus(doc, change, userContext('bob', clock));

describe('inbox views', () => {
  const rows = [
    summary('t1'),
    summary('t2', (doc) => assignThread(doc, ann, userContext('bob', clock))),
    summary('t3', (doc) => addTag(doc, 'vip', userContext('bob', clock))),
    summary('t4', status({ status: 'snoozed', until: clock.now() + 3_600_000 })),
    summary('t5', status({ status: 'closed' })),
    summary('t6', status({ status: 'pending' }), 'info'),
  ];
  const ctx = { me: ann, now: clock.now(), mentionedThreads: new Set([threadId('t5')]) };
  const ids = (projection: ReturnType<typeof inboxView>) => projection.rows.map((r) => r.threadId);

  it('each view holds its rows, newest first, with counts for all views', () => {
    expect(ids(inboxView(rows, { kind: 'all' }, ctx))).toEqual(['t1', 't2', 't3', 't6']);
    expect(ids(inboxView(rows, { kind: 'unassigned' }, ctx))).toEqual(['t1', 't3', 't6']);
    expect(ids(inboxView(rows, { kind: 'mine' }, ctx))).toEqual(['t2']);
    expect(ids(inboxView(rows, { kind: 'mentions' }, ctx))).toEqual(['t5']);
    expect(ids(inboxView(rows, { kind: 'snoozed' }, ctx))).toEqual(['t4']);
    expect(ids(inboxView(rows, { kind: 'closed' }, ctx))).toEqual(['t5']);
    expect(ids(inboxView(rows, { kind: 'tag', tag: 'vip' }, ctx))).toEqual(['t3']);
    expect(ids(inboxView(rows, { kind: 'mailbox', mailboxId: mailboxId('info') }, ctx))).toEqual(['t6']);
    const projection = inboxView(rows, { kind: 'all' }, ctx);
    expect(projection.counts).toEqual({ unassigned: 3, mine: 1, mentions: 1, all: 4, snoozed: 1, closed: 1 });
    expect(projection.byMailbox).toEqual({ sales: 3, info: 1 });
    expect(projection.byTag).toEqual({ vip: 1 });
  });

  it('[ST3] a snooze ends in the views at its time, by the clock given', () => {
    const later = { ...ctx, now: clock.now() + 3_600_000 };
    expect(ids(inboxView(rows, { kind: 'snoozed' }, later))).toEqual([]);
    expect(ids(inboxView(rows, { kind: 'all' }, later))).toContain('t4');
    expect(inboxView(rows, { kind: 'all' }, later).rows.find((r) => r.threadId === 't4')?.status).toBe(
      'open',
    );
  });

  it('[IX3] unread until someone reads; needs a reply until answered or closed; SLA times', () => {
    const read = summary('t7', (doc) => markThreadRead(doc, userContext('ann', clock)));
    expect(read).toMatchObject({ unread: false, needsReply: true });
    expect(rows[0]).toMatchObject({ unread: true, needsReply: true });
    expect(rows[4]).toMatchObject({ needsReply: false });
    const answered = summary('t8', (doc) =>
      addMessages(
        doc,
        threadStart('t8'),
        [messageRef('t8-out', { direction: 'out', date: clock.now() })],
        userContext('bridge', clock),
      ),
    );
    expect(answered).toMatchObject({
      needsReply: false,
      messageCount: 2,
      counterpart: { address: 'buyer@buyer.example' },
    });
  });

  it('[IX3] the row keeps a one-line snippet', () => {
    const long = summary('t9', (doc) =>
      addMessages(
        doc,
        threadStart('t9'),
        [messageRef('t9-m2', { date: clock.now(), snippet: '报价'.repeat(200) })],
        userContext('bridge', clock),
      ),
    );
    expect(long.snippet).toHaveLength(SUMMARY_SNIPPET_LENGTH);
  });

  it('projections are frozen copies: mutating them fails and touches no doc', () => {
    const projection = inboxView(rows, { kind: 'all' }, ctx);
    expect(Object.isFrozen(projection.rows[0])).toBe(true);
    expect(() => ((projection.rows[0] as { subject: string }).subject = 'x')).toThrow(TypeError);
    expect(rows[0]?.subject).not.toBe('x');
    const tagged = inboxView(rows, { kind: 'tag', tag: 'vip' }, ctx).rows[0]!;
    expect(() => (tagged.tags as string[]).push('x')).toThrow(TypeError);
    expect(Object.isFrozen(tagged.counterpart)).toBe(true);
    expect(rows[2]?.tags).toEqual(['vip']);
    expect(Object.isFrozen(rows[2])).toBe(false);
  });
});
