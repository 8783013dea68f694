import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BRIDGE_ACTOR } from '../deps.ts';
import { customerId, userId } from '../ids.ts';
import { summarizeThread } from '../index-doc/summary.ts';
import { threadView } from '../projections/thread-view.ts';
import {
  createNetwork,
  manualClock,
  messageRef,
  testDeps,
  threadStart,
  userContext,
} from '../testing/index.ts';
import { addMessages } from './messages.ts';
import {
  addTag,
  assignThread,
  claimThread,
  linkCustomer,
  releaseThread,
  removeTag,
  setThreadStatus,
  unassignThread,
} from './triage.ts';
import { threadMaps } from './maps.ts';

const clock = manualClock();
const now = () => clock.now();

function sharedThread() {
  const net = createNetwork();
  const [a, b] = [net.peer('a'), net.peer('b')];
  addMessages(a.doc('t'), threadStart(), [messageRef('m1')], userContext('bridge', clock));
  net.flush();
  return { net, a: a.doc('t'), b: b.doc('t') };
}

const actions = (doc: Y.Doc) =>
  threadMaps(doc)
    .activity.toArray()
    .map((e) => e.action);

describe('assignment', () => {
  it('[AS1] concurrent assignment converges to one assignee and both assignments are in the log', () => {
    const { net, a, b } = sharedThread();
    assignThread(a, userId('ann'), userContext('ann', clock));
    assignThread(b, userId('bob'), userContext('bob', clock));
    net.flush();
    const [va, vb] = [threadView(a, now()), threadView(b, now())];
    expect(va).toEqual(vb);
    expect(['ann', 'bob']).toContain(va?.assignee);
    const assigned = actions(a).filter((x) => x.type === 'assigned');
    expect(assigned.map((x) => x.type === 'assigned' && x.assignee).sort()).toEqual(['ann', 'bob']);
  });

  it('[AS2] assign then unassign; re-assigning the same user changes nothing and logs nothing', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], userContext('bridge', clock));
    const ctx = userContext('ann', clock);
    expect(assignThread(doc, userId('ann'), ctx)).toBe(true);
    expect(assignThread(doc, userId('ann'), ctx)).toBe(false);
    expect(unassignThread(doc, ctx)).toBe(true);
    expect(unassignThread(doc, ctx)).toBe(false);
    expect(threadView(doc, now())?.assignee).toBeNull();
    expect(actions(doc).map((x) => x.type)).toEqual(['message-added', 'assigned', 'unassigned']);
  });
});

describe('activity log', () => {
  it('[LG2] an entry written after seeing another comes after it, whatever the clocks say', () => {
    const { net, a, b } = sharedThread();
    const slow = manualClock(clock.now() - 3_600_000);
    assignThread(a, userId('ann'), userContext('ann', clock));
    net.flush();
    setThreadStatus(b, { status: 'pending' }, userContext('bob', slow));
    net.flush();
    for (const doc of [a, b]) {
      const types = threadView(doc, now())?.activity.map((e) => e.action.type);
      expect(types).toEqual(['message-added', 'assigned', 'status']);
    }
  });
});

describe('claims', () => {
  it('[CL1] a claim made concurrently with a close survives; the thread stays closed', () => {
    const { net, a, b } = sharedThread();
    claimThread(a, userContext('ann', clock));
    setThreadStatus(b, { status: 'closed' }, userContext('bob', clock));
    net.flush();
    for (const doc of [a, b]) {
      const view = threadView(doc, now());
      expect(view?.status).toBe('closed');
      expect(view?.claim).toBe('ann');
    }
  });

  it('[CL1] closing a thread whose claim the closer can see releases the claim, logged', () => {
    const { net, a, b } = sharedThread();
    claimThread(a, userContext('ann', clock));
    net.flush();
    setThreadStatus(b, { status: 'closed' }, userContext('bob', clock));
    net.flush();
    expect(threadView(a, now())?.claim).toBeNull();
    expect(actions(a)).toContainEqual({ type: 'released', userId: 'ann' });
  });

  it('[CL2] concurrent claims converge to one holder, both logged; the other is then told who holds it', () => {
    const { net, a, b } = sharedThread();
    expect(claimThread(a, userContext('ann', clock))).toEqual({ ok: true });
    expect(claimThread(b, userContext('bob', clock))).toEqual({ ok: true });
    net.flush();
    const holder = threadView(a, now())?.claim;
    expect(threadView(b, now())?.claim).toBe(holder);
    expect(actions(a).filter((x) => x.type === 'claimed')).toHaveLength(2);
    const loser = holder === 'ann' ? 'bob' : 'ann';
    expect(claimThread(a, userContext(loser, clock))).toEqual({ ok: false, heldBy: holder });
    expect(claimThread(a, userContext(loser, clock), { takeOver: true })).toEqual({ ok: true });
    expect(threadView(a, now())?.claimedAt).toBe(now());
    expect(releaseThread(a, userContext(loser, clock))).toBe(true);
    expect(threadView(a, now())).toMatchObject({ claim: null, claimedAt: null });
  });
});

describe('status', () => {
  it('[ST1] concurrent status changes converge to one status and both are logged', () => {
    const { net, a, b } = sharedThread();
    setThreadStatus(a, { status: 'pending' }, userContext('ann', clock));
    setThreadStatus(b, { status: 'closed' }, userContext('bob', clock));
    net.flush();
    expect(threadView(a, now())).toEqual(threadView(b, now()));
    expect(actions(a).filter((x) => x.type === 'status')).toHaveLength(2);
  });

  it('[ST2] an inbound message the closer had not seen reopens the thread, even when concurrent', () => {
    const { net, a, b } = sharedThread();
    setThreadStatus(a, { status: 'closed' }, userContext('ann', clock));
    addMessages(b, threadStart(), [messageRef('m2')], userContext('bridge', clock));
    net.flush();
    expect(threadView(a, now())?.status).toBe('open');
    expect(threadView(b, now())?.status).toBe('open');
  });

  it('[ST2] a new inbound message reopens a snoozed thread and is logged; an outbound one does not', () => {
    const doc = new Y.Doc();
    const bridge = userContext('bridge', clock);
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    setThreadStatus(doc, { status: 'snoozed', until: now() + 3_600_000 }, userContext('ann', clock));
    expect(addMessages(doc, threadStart(), [messageRef('o1', { direction: 'out' })], bridge).reopened).toBe(
      false,
    );
    expect(threadView(doc, now())?.status).toBe('snoozed');
    expect(addMessages(doc, threadStart(), [messageRef('m2')], bridge).reopened).toBe(true);
    expect(threadView(doc, now())?.status).toBe('open');
    expect(actions(doc)).toContainEqual({ type: 'reopened', messageId: 'm2' });
  });

  it('[ST2] a customer reply ends a pending wait', () => {
    const doc = new Y.Doc();
    const bridge = userContext('bridge', clock);
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    setThreadStatus(doc, { status: 'pending' }, userContext('ann', clock));
    expect(threadView(doc, now())?.status).toBe('pending');
    expect(addMessages(doc, threadStart(), [messageRef('m2')], bridge).reopened).toBe(true);
    expect(threadView(doc, now())?.status).toBe('open');
  });

  it('[ST3] a snooze ends at its time by the clock, with no write', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], userContext('bridge', clock));
    const until = now() + 60_000;
    setThreadStatus(doc, { status: 'snoozed', until }, userContext('ann', clock));
    expect(threadView(doc, until - 1)?.status).toBe('snoozed');
    expect(threadView(doc, until)?.status).toBe('open');
  });
});

describe('tags', () => {
  it('[TG1] concurrent adds merge; an add the remover had not seen survives the remove', () => {
    const { net, a, b } = sharedThread();
    addTag(a, 'VIP', userContext('ann', clock));
    net.flush();
    addTag(a, 'urgent', userContext('ann', clock));
    addTag(b, 'sample ', userContext('bob', clock));
    removeTag(a, 'vip', userContext('ann', clock));
    removeTag(b, 'vip', userContext('bob', clock));
    addTag(b, 'vip', userContext('bob', clock));
    net.flush();
    expect(threadView(a, now())?.tags).toEqual(['sample', 'urgent', 'vip']);
    expect(threadView(b, now())?.tags).toEqual(['sample', 'urgent', 'vip']);
  });
});

describe('customer link and guards', () => {
  it('[LG1] linking a customer shows in the row and the log', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], userContext('bridge', clock));
    expect(linkCustomer(doc, customerId('c1'), userContext('ann', clock))).toBe(true);
    expect(linkCustomer(doc, customerId('c1'), userContext('ann', clock))).toBe(false);
    expect(summarizeThread(doc)?.customerId).toBe('c1');
    expect(actions(doc)).toContainEqual({ type: 'customer-linked', customerId: 'c1' });
  });

  it('user-only operations refuse the mail bridge; an empty tag is refused; neither writes', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], userContext('bridge', clock));
    const before = Y.encodeStateVector(doc);
    expect(() => claimThread(doc, { deps: testDeps('bridge', clock), actor: BRIDGE_ACTOR })).toThrow(/user/);
    expect(() => addTag(doc, '  ', userContext('ann', clock))).toThrow(/empty/);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
