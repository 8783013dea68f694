import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BRIDGE_ACTOR } from '../deps.ts';
import { threadView } from '../projections/thread-view.ts';
import {
  createNetwork,
  manualClock,
  messageRef,
  testDeps,
  threadStart,
  userContext,
} from '../testing/index.ts';
import { threadMaps } from './maps.ts';
import { addMessages } from './messages.ts';
import { claimThread } from './triage.ts';
import {
  advanceOutbox,
  discardDraft,
  queuedOutboxEntries,
  queueOutbox,
  retryOutbox,
  saveDraft,
} from './outbox.ts';
import type { DraftInput } from './outbox.ts';

const clock = manualClock();
const now = () => clock.now();
const bridge = { deps: testDeps('bridge', clock), actor: BRIDGE_ACTOR };
const reply: DraftInput = {
  to: [{ address: 'buyer@buyer.example' }],
  cc: [],
  subject: 'Re: Quote',
  body: 'Dear buyer',
};
const outboxInput = { ...reply, messageIdDomain: 'wharf.example' };

function sharedThread() {
  const net = createNetwork();
  const [a, b] = [net.peer('a'), net.peer('b')];
  addMessages(a.doc('t'), threadStart(), [messageRef('m1')], bridge);
  net.flush();
  return { net, a: a.doc('t'), b: b.doc('t') };
}

const statusOf = (doc: Y.Doc) => threadView(doc, now())?.outbox.map((o) => [o.status, o.attempt]);

describe('drafts', () => {
  it("[DR1] two users' concurrent drafts never overwrite each other; only the first save is logged", () => {
    const { net, a, b } = sharedThread();
    saveDraft(a, { ...reply, body: 'ann 1' }, userContext('ann', clock));
    saveDraft(a, { ...reply, body: 'ann 2' }, userContext('ann', clock));
    saveDraft(b, { ...reply, body: 'bob' }, userContext('bob', clock));
    net.flush();
    const view = threadView(a, now());
    expect(view?.drafts.map((d) => [d.userId, d.body])).toEqual([
      ['ann', 'ann 2'],
      ['bob', 'bob'],
    ]);
    expect(view?.activity.filter((e) => e.action.type === 'draft-created')).toHaveLength(2);
    expect(discardDraft(a, userContext('bob', clock))).toBe(true);
    expect(threadView(a, now())?.drafts.map((d) => d.userId)).toEqual(['ann']);
  });

  it("[DR2] queueing removes the author's draft in the same change", () => {
    const doc = new Y.Doc();
    saveDraft(doc, reply, userContext('ann', clock));
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    queueOutbox(doc, outboxInput, userContext('ann', clock));
    expect(updates).toHaveLength(1);
    expect(threadMaps(doc).drafts.size).toBe(0);
  });
});

describe('answering', () => {
  it("[CL3] queueing a reply releases the author's own claim, not someone else's", () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const ann = userContext('ann', clock);
    claimThread(doc, ann);
    queueOutbox(doc, outboxInput, ann);
    expect(threadView(doc, now())?.claim).toBeNull();
    expect(
      threadView(doc, now())
        ?.activity.map((e) => e.action.type)
        .slice(-2),
    ).toEqual(['outbox-queued', 'released']);
    claimThread(doc, userContext('bob', clock));
    queueOutbox(doc, outboxInput, ann);
    expect(threadView(doc, now())?.claim).toBe('bob');
  });
});

describe('outbox', () => {
  it('[OB4] the Message-ID is fixed when queued', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const entry = queueOutbox(doc, outboxInput, userContext('ann', clock));
    expect(entry.messageIdHeader).toBe(`<wharf.${entry.id}@wharf.example>`);
    expect(statusOf(doc)).toEqual([['queued', 1]]);
  });

  it('[OB1] the status never goes back from sent, whatever is tried later', () => {
    const { net, a, b } = sharedThread();
    const entry = queueOutbox(a, outboxInput, userContext('ann', clock));
    net.flush();
    expect(advanceOutbox(b, entry.id, 'sending', bridge)).toBe(true);
    expect(advanceOutbox(b, entry.id, 'sent', bridge)).toBe(true);
    expect(advanceOutbox(b, entry.id, 'failed', bridge, 'late')).toBe(false);
    expect(advanceOutbox(b, entry.id, 'cancelled', userContext('bob', clock))).toBe(false);
    expect(retryOutbox(b, entry.id, userContext('bob', clock))).toBe(false);
    net.flush();
    expect(statusOf(a)).toEqual([['sent', 1]]);
    expect(statusOf(b)).toEqual([['sent', 1]]);
  });

  it('[OB1] a failure recorded concurrently with a sent still ends sent', () => {
    const { net, a, b } = sharedThread();
    const entry = queueOutbox(a, outboxInput, userContext('ann', clock));
    advanceOutbox(a, entry.id, 'sending', bridge);
    net.flush();
    advanceOutbox(a, entry.id, 'failed', bridge, 'connection dropped after DATA');
    advanceOutbox(b, entry.id, 'sent', bridge);
    net.flush();
    expect(statusOf(a)).toEqual([['sent', 1]]);
    expect(statusOf(b)).toEqual([['sent', 1]]);
  });

  it('[OB2] a cancel concurrent with the bridge starting to send loses', () => {
    const { net, a, b } = sharedThread();
    const entry = queueOutbox(a, outboxInput, userContext('ann', clock));
    net.flush();
    expect(advanceOutbox(a, entry.id, 'cancelled', userContext('ann', clock))).toBe(true);
    expect(advanceOutbox(b, entry.id, 'sending', bridge)).toBe(true);
    net.flush();
    expect(statusOf(a)).toEqual([['sending', 1]]);
    expect(statusOf(b)).toEqual([['sending', 1]]);
  });

  it('[OB2] a cancelled entry is never sent', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const entry = queueOutbox(doc, outboxInput, userContext('ann', clock));
    advanceOutbox(doc, entry.id, 'cancelled', userContext('ann', clock));
    expect(advanceOutbox(doc, entry.id, 'sending', bridge)).toBe(false);
    expect(statusOf(doc)).toEqual([['cancelled', 1]]);
  });

  it('[OB3] concurrent retries are one attempt; a sent from the earlier attempt still wins', () => {
    const { net, a, b } = sharedThread();
    const entry = queueOutbox(a, outboxInput, userContext('ann', clock));
    advanceOutbox(a, entry.id, 'sending', bridge);
    advanceOutbox(a, entry.id, 'failed', bridge, '421 try later');
    net.flush();
    expect(threadView(a, now())?.outbox[0]?.error).toBe('421 try later');
    retryOutbox(a, entry.id, userContext('ann', clock));
    retryOutbox(b, entry.id, userContext('bob', clock));
    net.flush();
    expect(statusOf(a)).toEqual([['queued', 2]]);
    expect(threadMaps(a).outboxEvents.size).toBe(4);
    advanceOutbox(b, entry.id, 'sending', bridge);
    net.disconnect('b');
    // The first attempt turns out to be in Sent after all.
    const first = threadMaps(a).outboxEvents.get(`${entry.id}:1:failed`)!;
    a.transact(() => threadMaps(a).outboxEvents.set(`${entry.id}:1:sent`, { ...first, status: 'sent' }));
    net.reconnect('b');
    net.flush();
    expect(statusOf(a)).toEqual([['sent', 1]]);
    expect(statusOf(b)).toEqual([['sent', 1]]);
  });

  it('[OB1] the bridge sees queued entries only, a retried one again as its new attempt', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const ann = userContext('ann', clock);
    const first = queueOutbox(doc, outboxInput, ann);
    clock.advance(1000);
    const second = queueOutbox(doc, { ...outboxInput, body: 'second' }, ann);
    expect(queuedOutboxEntries(doc).map((e) => e.id)).toEqual([first.id, second.id]);
    advanceOutbox(doc, first.id, 'sending', bridge);
    expect(queuedOutboxEntries(doc).map((e) => e.id)).toEqual([second.id]);
    advanceOutbox(doc, first.id, 'failed', bridge, '451');
    retryOutbox(doc, first.id, ann);
    expect(queuedOutboxEntries(doc).map((e) => [e.id, e.attempt])).toEqual([
      [first.id, 2],
      [second.id, 1],
    ]);
  });
});
