import { describe, expect, it } from 'vitest';
import { mailboxId, threadId, userId, type ThreadSummary } from '@wharf/model';
import { createOwnedKeeper, ownedThreadDocs } from './keep-owned-offline.ts';

const me = userId('me');
const row = (id: string, assignee: string | null, status: ThreadSummary['status'], lastActivity: number) =>
  ({
    threadId: threadId(id),
    mailboxId: mailboxId('sales'),
    assignee: assignee === null ? null : userId(assignee),
    status,
    lastActivity,
  }) as ThreadSummary;

describe('threads kept offline for their assignee', () => {
  it('picks my threads that are not closed, newest first, up to the limit', () => {
    const rows = [
      row('old', 'me', 'open', 1),
      row('closed', 'me', 'closed', 9),
      row('theirs', 'ann', 'open', 8),
      row('new', 'me', 'snoozed', 7),
      row('mid', 'me', 'pending', 5),
      row('nobody', null, 'open', 6),
    ];
    expect(ownedThreadDocs(rows, me)).toEqual(['thread/sales/new', 'thread/sales/mid', 'thread/sales/old']);
    expect(ownedThreadDocs(rows, me, 2)).toEqual(['thread/sales/new', 'thread/sales/mid']);
  });

  it('opens each doc once, a few at a time, and asks again for one that failed', async () => {
    const opened: string[] = [];
    const pending: (() => void)[] = [];
    let failNext = true;
    const keeper = createOwnedKeeper(
      (name) =>
        new Promise<void>((resolve, reject) => {
          opened.push(name);
          pending.push(() => {
            if (name === 'c' && failNext) {
              failNext = false;
              reject(new Error('offline'));
            } else resolve();
          });
        }),
      2,
    );
    keeper.keep(['a', 'b', 'c']);
    keeper.keep(['a', 'b', 'c']);
    expect(opened).toEqual(['a', 'b']);
    const settle = async () => {
      pending.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    };
    await settle();
    expect(opened).toEqual(['a', 'b', 'c']);
    await settle();
    await settle();
    keeper.keep(['a', 'b', 'c']);
    expect(opened).toEqual(['a', 'b', 'c', 'c']);
  });
});
