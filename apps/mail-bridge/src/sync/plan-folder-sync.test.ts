import { describe, expect, it } from 'vitest';
import { messageKey, type MessageFingerprint } from './message-key.ts';
import {
  afterBatch,
  backfillProgress,
  nextBackfillBatch,
  nextNewMailBatch,
  planFolderSync,
  type FolderCursor,
} from './plan-folder-sync.ts';

const status = { uidValidity: '7', uidNext: 101, highestModseq: '500', messages: 100 };

describe('planFolderSync', () => {
  it('first sync backfills everything, newest first, from a fresh cursor', () => {
    const plan = planFolderSync(undefined, status, { condstore: true });
    expect(plan.reset).toBe('first-sync');
    expect(plan.backfill).toEqual({ from: 1, to: 100 });
    expect(nextBackfillBatch(plan.cursor, 30)).toEqual({ from: 71, to: 100 });
  });

  it('resumes a half-done backfill and picks up new mail above the saved top', () => {
    const saved: FolderCursor = { uidValidity: '7', uidNext: 81, backfillBelow: 40, highestModseq: '450' };
    const plan = planFolderSync(saved, status, { condstore: true });
    expect(plan.reset).toBeUndefined();
    expect(plan.newMail).toEqual({ from: 81, to: 100 });
    expect(plan.backfill).toEqual({ from: 1, to: 39 });
    expect(plan.flags).toEqual({ kind: 'changed-since', modseq: '450' });
  });

  it('a UIDVALIDITY change resets the folder instead of trusting old UIDs', () => {
    const saved: FolderCursor = { uidValidity: '6', uidNext: 500, backfillBelow: 1, highestModseq: '9' };
    const plan = planFolderSync(saved, status, { condstore: true });
    expect(plan.reset).toBe('uidvalidity-changed');
    expect(plan.cursor).toEqual({ uidValidity: '7', uidNext: 101, backfillBelow: 101, highestModseq: '500' });
  });

  it('without CONDSTORE the flags of known messages are scanned in full', () => {
    const saved: FolderCursor = {
      uidValidity: '7',
      uidNext: 101,
      backfillBelow: 1,
      highestModseq: undefined,
    };
    const plan = planFolderSync(saved, { ...status, highestModseq: undefined }, { condstore: false });
    expect(plan).toMatchObject({ newMail: undefined, backfill: undefined, flags: { kind: 'full-scan' } });
  });

  it('an unchanged folder needs nothing', () => {
    const saved: FolderCursor = { uidValidity: '7', uidNext: 101, backfillBelow: 1, highestModseq: '500' };
    expect(planFolderSync(saved, status, { condstore: true })).toMatchObject({
      newMail: undefined,
      backfill: undefined,
      flags: { kind: 'none' },
    });
  });
});

describe('batches and cursors', () => {
  it('walks the backfill down to UID 1 and then stops', () => {
    let cursor: FolderCursor = { uidValidity: '1', uidNext: 11, backfillBelow: 11, highestModseq: undefined };
    const seen: number[] = [];
    for (let batch = nextBackfillBatch(cursor, 4); batch; batch = nextBackfillBatch(cursor, 4)) {
      for (let uid = batch.to; uid >= batch.from; uid -= 1) seen.push(uid);
      cursor = afterBatch(cursor, batch, 'backfill');
    }
    expect(seen).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(backfillProgress(cursor, 11)).toEqual({ done: 10, total: 10 });
  });

  it('fetches new mail upwards in bounded batches', () => {
    const cursor: FolderCursor = { uidValidity: '1', uidNext: 5, backfillBelow: 1, highestModseq: undefined };
    expect(nextNewMailBatch(cursor, 20, 10)).toEqual({ from: 5, to: 14 });
    expect(afterBatch(cursor, { from: 5, to: 14 }, 'new-mail').uidNext).toBe(15);
    expect(nextNewMailBatch(cursor, 5, 10)).toBeUndefined();
  });
});

describe('messageKey', () => {
  const f: MessageFingerprint = {
    messageId: '<a@x>',
    size: 1200,
    date: 'Mon, 1 Nov 2026 08:00:00 +0800',
    subject: 'Hi',
    from: 'a@x',
    structure: 'text/plain',
  };
  it('is the same for the same message in two folders', () =>
    expect(messageKey({ ...f })).toBe(messageKey(f)));
  it('differs for a different message that reuses the Message-ID', () => {
    expect(messageKey({ ...f, size: 1300 })).not.toBe(messageKey(f));
    expect(messageKey({ ...f, subject: 'Other' })).not.toBe(messageKey(f));
  });
});
