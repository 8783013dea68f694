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
import { indexRows } from '../index-doc/repair.ts';
import { mailboxId, messageId, threadId, userId } from '../ids.ts';
import { startOutgoingThread } from './new-thread.ts';
import { editOutbox, holdForApproval, recordApproval } from './outbox-phase.ts';
import { entryRevision } from './outbox-state.ts';
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

const HOUR = 3_600_000;
const needsOk = [{ en: 'Contracts: mentions "final contract"', zh: '合同：提到“final contract”' }];
const phaseOf = (doc: Y.Doc) => threadView(doc, clock.now())?.outbox.map((o) => o.phase);
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

describe('attachments', () => {
  it('[OB5] an entry holds attachment references (sha256, name, type, size, origin), never bytes', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const upload = {
      sha256: 'a'.repeat(64),
      filename: '报价单.pdf',
      contentType: 'application/pdf',
      size: 12,
    };
    const carried = { ...upload, sha256: 'b'.repeat(64), fromMessage: messageId('m1') };
    const ann = userContext('ann', clock);
    const entry = queueOutbox(doc, { ...outboxInput, attachments: [upload, carried] }, ann);
    const stored = threadMaps(doc).outbox.get(entry.id)!;
    expect(stored.attachments).toEqual([upload, carried]);
    for (const attachment of stored.attachments!)
      expect(Object.keys(attachment).sort()).toEqual(
        [
          'contentType',
          'filename',
          'size',
          'sha256',
          ...('fromMessage' in attachment ? ['fromMessage'] : []),
        ].sort(),
      );
    // no attachments: the field is left out, as before attachments existed
    const plain = queueOutbox(doc, { ...outboxInput, attachments: [] }, ann);
    expect('attachments' in threadMaps(doc).outbox.get(plain.id)!).toBe(false);
  });
});

describe('reply anyway', () => {
  it('[RA1] sending despite a warning logs who and what was overridden, in the same change', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const entry = queueOutbox(
      doc,
      { ...outboxInput, replyAnyway: ['out-2', 'ob-1'] },
      userContext('ann', clock),
    );
    expect(updates).toHaveLength(1);
    const logged = threadView(doc, clock.now())!.activity.find((e) => e.action.type === 'reply-anyway')!;
    expect(logged.by).toEqual({ kind: 'user', userId: 'ann' });
    expect(logged.at).toBe(clock.now());
    expect(logged.action).toEqual({ type: 'reply-anyway', outboxId: entry.id, despite: ['ob-1', 'out-2'] });
    queueOutbox(doc, outboxInput, userContext('ann', clock));
    expect(
      threadView(doc, clock.now())!.activity.filter((e) => e.action.type === 'reply-anyway'),
    ).toHaveLength(1);
  });
});

describe('new mail', () => {
  it('[NW1] starts a thread in the sending mailbox, assigned to the author, with the entry queued', () => {
    const doc = new Y.Doc();
    const hot = new Y.Doc();
    const ctx = userContext('ann', clock, () => hot);
    const entry = startOutgoingThread(
      doc,
      { threadId: threadId('new-1'), mailboxId: mailboxId('sales'), subject: 'Catalogue 2027' },
      { ...outboxInput, subject: 'Catalogue 2027' },
      ctx,
    );
    const view = threadView(doc, clock.now())!;
    expect(view.meta).toMatchObject({ threadId: 'new-1', mailboxId: 'sales', subject: 'Catalogue 2027' });
    expect(view.assignee).toBe('ann');
    expect(view.outbox.map((o) => [o.id, o.kind, o.phase])).toEqual([[entry.id, 'new', 'queued']]);
    // the row is in the hot bucket with the pending flag the bridge follows ([IX5])
    expect(indexRows(hot).get('new-1')).toMatchObject({ assignee: 'ann', pendingOutbox: 1 });
  });
});

describe('the pending flag', () => {
  it('[IX5] the row counts queued, scheduled, awaiting and sending entries; not sent, failed or cancelled ones', () => {
    const doc = new Y.Doc();
    const hot = new Y.Doc();
    const ann = userContext('ann', clock, () => hot);
    const bridgeCtx = { ...bridge, index: () => hot };
    addMessages(doc, threadStart(), [messageRef('m1')], bridgeCtx);
    const pending = () => indexRows(hot).get('t1')?.pendingOutbox;
    expect(pending()).toBe(0);
    queueOutbox(doc, { ...outboxInput, sendAt: clock.now() + HOUR }, ann);
    queueOutbox(doc, { ...outboxInput, approvalReasons: needsOk }, ann);
    const sent = queueOutbox(doc, outboxInput, ann);
    expect(pending()).toBe(3);
    advanceOutbox(doc, sent.id, 'sending', bridgeCtx);
    expect(pending()).toBe(3);
    advanceOutbox(doc, sent.id, 'sent', bridgeCtx);
    expect(pending()).toBe(2);
  });
});

describe('scheduled sending', () => {
  it('[SC1] an entry with a future send time is scheduled until its time, then queued; nothing is written when it falls due', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    queueOutbox(doc, { ...outboxInput, sendAt: clock.now() + HOUR }, userContext('ann', clock));
    expect(phaseOf(doc)).toEqual(['scheduled']);
    const before = Y.encodeStateAsUpdate(doc);
    clock.advance(HOUR);
    expect(phaseOf(doc)).toEqual(['queued']);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    clock.set(Date.UTC(2026, 10, 23, 9, 0));
  });

  it('[SC1] a scheduled entry can be cancelled, and is then never sent', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const entry = queueOutbox(doc, { ...outboxInput, sendAt: clock.now() + HOUR }, userContext('ann', clock));
    expect(advanceOutbox(doc, entry.id, 'cancelled', userContext('ann', clock))).toBe(true);
    expect(advanceOutbox(doc, entry.id, 'sending', bridge)).toBe(false);
    expect(phaseOf(doc)).toEqual(['cancelled']);
  });

  it('[SC2] the author edits or reschedules waiting mail; each edit is a new revision; nobody else may', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const ann = userContext('ann', clock);
    const entry = queueOutbox(doc, { ...outboxInput, sendAt: clock.now() + HOUR }, ann);
    const first = entryRevision(threadMaps(doc).outbox.get(entry.id)!);
    expect(
      editOutbox(doc, entry.id, { body: 'Dear buyer, updated', sendAt: clock.now() + 2 * HOUR }, ann),
    ).toBe(true);
    const edited = threadMaps(doc).outbox.get(entry.id)!;
    expect(edited.body).toBe('Dear buyer, updated');
    expect(edited.sendAt).toBe(clock.now() + 2 * HOUR);
    expect(entryRevision(edited)).not.toBe(first);
    expect(editOutbox(doc, entry.id, { body: 'hijack' }, userContext('bob', clock))).toBe(false);
    // "send now": the time is cleared; once due it is the bridge's, no longer editable
    expect(editOutbox(doc, entry.id, { sendAt: null }, ann)).toBe(true);
    expect(phaseOf(doc)).toEqual(['queued']);
    expect(editOutbox(doc, entry.id, { body: 'too late' }, ann)).toBe(false);
  });

  it('[SC2] an edit concurrent with the claim: the edit converges in the doc, the sent revision is recorded, editLost says so', () => {
    const { net, a, b } = sharedThread();
    const ann = userContext('ann', clock);
    const entry = queueOutbox(a, { ...outboxInput, sendAt: clock.now() + HOUR }, ann);
    net.flush();
    const composed = entryRevision(threadMaps(b).outbox.get(entry.id)!);
    // the bridge's clock says due; the author's does not yet
    expect(advanceOutbox(b, entry.id, 'sending', bridge)).toBe(true);
    expect(editOutbox(a, entry.id, { body: 'late change' }, ann)).toBe(true);
    net.flush();
    for (const doc of [a, b]) {
      const [view] = threadView(doc, clock.now())!.outbox;
      expect(view).toMatchObject({ phase: 'sending', body: 'late change', editLost: true });
    }
    expect(threadMaps(a).outboxEvents.get(`${entry.id}:1:sending`)?.revision).toBe(composed);
  });

  it('[SC2] two devices editing at once converge to one row with a revision of its own', () => {
    const { net, a, b } = sharedThread();
    const ann = userContext('ann', clock);
    const entry = queueOutbox(a, { ...outboxInput, sendAt: clock.now() + HOUR }, ann);
    net.flush();
    editOutbox(a, entry.id, { body: 'from laptop' }, ann);
    editOutbox(b, entry.id, { body: 'from phone' }, userContext('ann', clock));
    net.flush();
    const [ra, rb] = [a, b].map((d) => threadMaps(d).outbox.get(entry.id)!);
    expect(ra).toEqual(rb);
    expect(['from laptop', 'from phone']).toContain(ra!.body);
  });
});

describe('approval', () => {
  it("[AP1] the author's reasons or the bridge's hold make an entry await approval", () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const ann = userContext('ann', clock);
    queueOutbox(doc, { ...outboxInput, approvalReasons: needsOk }, ann);
    expect(phaseOf(doc)).toEqual(['awaiting-approval']);
    const plain = queueOutbox(doc, outboxInput, ann);
    expect(phaseOf(doc)).toEqual(['awaiting-approval', 'queued']);
    expect(holdForApproval(doc, plain.id, needsOk, bridge)).toBe(true);
    expect(holdForApproval(doc, plain.id, needsOk, bridge)).toBe(false);
    expect(phaseOf(doc)).toEqual(['awaiting-approval', 'awaiting-approval']);
  });

  it('[AP2] a decision is recorded for the revision it names, only while the entry waits', () => {
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [messageRef('m1')], bridge);
    const entry = queueOutbox(doc, { ...outboxInput, approvalReasons: needsOk }, userContext('ann', clock));
    const relayCtx = userContext('boss', clock);
    expect(
      recordApproval(
        doc,
        { outboxId: entry.id, revision: 'stale', decision: 'approved', by: userId('boss') },
        relayCtx,
      ),
    ).toBe(false);
    const revision = entryRevision(entry);
    expect(
      recordApproval(
        doc,
        { outboxId: entry.id, revision, decision: 'rejected', by: userId('boss') },
        relayCtx,
      ),
    ).toBe(true);
    expect(phaseOf(doc)).toEqual(['rejected']);
    expect(threadView(doc, clock.now())!.activity.at(-1)!.action).toEqual({
      type: 'outbox-approval',
      outboxId: entry.id,
      revision,
      decision: 'rejected',
    });
  });

  it('[AP3] editing after approval needs a new approval; a concurrent approval covers only what the approver saw', () => {
    const { net, a, b } = sharedThread();
    const ann = userContext('ann', clock);
    const entry = queueOutbox(
      a,
      { ...outboxInput, approvalReasons: needsOk, sendAt: clock.now() + HOUR },
      ann,
    );
    net.flush();
    const seen = entryRevision(threadMaps(b).outbox.get(entry.id)!);
    recordApproval(
      b,
      { outboxId: entry.id, revision: seen, decision: 'approved', by: userId('boss') },
      bridge,
    );
    editOutbox(a, entry.id, { body: 'USD 99,000 total' }, ann);
    net.flush();
    for (const doc of [a, b]) expect(phaseOf(doc)).toEqual(['awaiting-approval']);
  });

  it('[AP3] a cancel concurrent with an approval wins', () => {
    const { net, a, b } = sharedThread();
    const entry = queueOutbox(a, { ...outboxInput, approvalReasons: needsOk }, userContext('ann', clock));
    net.flush();
    advanceOutbox(a, entry.id, 'cancelled', userContext('ann', clock));
    recordApproval(
      b,
      { outboxId: entry.id, revision: entryRevision(entry), decision: 'approved', by: userId('boss') },
      bridge,
    );
    net.flush();
    for (const doc of [a, b]) expect(phaseOf(doc)).toEqual(['cancelled']);
  });
});
