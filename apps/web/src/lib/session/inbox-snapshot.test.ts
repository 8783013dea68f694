import { describe, expect, it } from 'vitest';
import { inboxView, mailboxId, threadId, userId, type InboxView, type ThreadSummary } from '@wharf/model';
import { firstScreenRows, inboxSnapshot, usableSnapshot } from './inbox-snapshot.ts';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const me = userId('ann');

/** A deterministic mix of statuses, assignees, mailboxes and tags (same-minute ties included). */
function rows(count: number): ThreadSummary[] {
  let seed = 7;
  const pick = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const status = (['open', 'open', 'open', 'pending', 'snoozed', 'closed'] as const)[pick(6)]!;
    return {
      threadId: threadId(`t${i}`),
      mailboxId: mailboxId(['sales', 'info', 'rep'][pick(3)]!),
      subject: `s${i}`,
      counterpart: null,
      snippet: '',
      lastActivity: NOW - pick(count) * 60_000,
      messageCount: 1,
      hasAttachments: false,
      assignee: [null, me, userId('bob')][pick(3)]!,
      claim: null,
      status,
      // Half the snoozes have ended by NOW: those rows are back in the active views.
      snoozeUntil: status === 'snoozed' ? NOW + (pick(2) === 0 ? -1 : 1) * 3_600_000 : null,
      closedAt: status === 'closed' ? NOW - 1 : null,
      tags: pick(4) === 0 ? ['vip'] : [],
      unread: true,
      needsReply: true,
      customerId: null,
      receivedAt: NOW,
      firstReplyAt: null,
    } satisfies ThreadSummary;
  });
}

describe('inbox first-screen snapshot', () => {
  const all = rows(3_000);
  const ctx = { me, now: NOW, mentionedThreads: new Set([threadId('t1'), threadId('t2'), threadId('t9')]) };
  const views: InboxView[] = [
    ...(['unassigned', 'mine', 'mentions', 'all', 'snoozed', 'closed'] as const).map((kind) => ({ kind })),
    { kind: 'mailbox', mailboxId: mailboxId('info') },
    { kind: 'tag', tag: 'vip' },
  ];

  it('holds the first screen of every view, mailbox and tag, and few rows', () => {
    const kept = firstScreenRows(all, ctx, 20);
    expect(kept.length).toBeLessThan(300);
    for (const view of views) {
      const full = inboxView(all, view, ctx).rows.slice(0, 20);
      expect(full.length, view.kind).toBeGreaterThan(0);
      expect(inboxView(kept, view, ctx).rows.slice(0, 20), view.kind).toEqual(full);
    }
  });

  it('keeps the mentions among its rows, and is read back only in its own shape', () => {
    const snapshot = inboxSnapshot(all, ctx);
    const kept = new Set(snapshot.rows.map((row) => row.threadId));
    expect(snapshot.mentioned.sort()).toEqual(['t1', 't2', 't9'].filter((id) => kept.has(threadId(id))));
    expect(usableSnapshot(structuredClone(snapshot))).toEqual(snapshot);
    expect(usableSnapshot({ ...snapshot, version: 2 })).toBeUndefined();
    expect(usableSnapshot({ version: 1 })).toBeUndefined();
    expect(usableSnapshot(undefined)).toBeUndefined();
  });
});
