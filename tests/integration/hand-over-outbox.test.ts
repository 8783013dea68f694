// Hand-over through the real relay moves the leaver's waiting mail: a scheduled reply, one awaiting
// approval and a draft go to the successor; a reply that is due (the bridge's to send) stays.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addMessages,
  assignThread,
  counterIds,
  docName,
  mailboxId,
  queueOutbox,
  saveDraft,
  threadId,
  threadView,
  userActor,
  userId,
} from '@wharf/model';
import { createSyncClient } from '@wharf/sync';
import { waitFor } from '../helpers/poll.ts';
import { startRelay } from '../helpers/relay.ts';

const sales = mailboxId('sales');

describe('hand-over of waiting mail', () => {
  it("[HO5] moves the leaver's scheduled and awaiting-approval mail and drafts; due mail stays", async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const anna = await relay.member({ name: 'Anna', mailboxes: ['sales'] });
    const bo = await relay.member({ name: 'Bo', mailboxes: ['sales'] });
    const writer = createSyncClient({ url: `${relay.wsUrl}/sync`, token: admin.session });
    try {
      const hot = new Y.Doc();
      writer.attach(docName({ kind: 'index', mailboxId: sales, bucket: 'hot' }), hot);
      const doc = new Y.Doc();
      const name = docName({ kind: 'thread', mailboxId: sales, threadId: threadId('t1') });
      writer.attach(name, doc);
      await waitFor(() => writer.isSynced(name), 'synced');
      const annaCtx = {
        deps: { now: () => Date.now(), newId: counterIds('anna') },
        actor: userActor(userId(anna.id)),
        index: () => hot,
      };
      addMessages(doc, { threadId: threadId('t1'), mailboxId: sales, subject: 'RFQ' }, [], annaCtx);
      assignThread(doc, userId(anna.id), annaCtx);
      const mail = {
        to: [{ address: 'b@buyer.example' }],
        cc: [],
        subject: 'Re: RFQ',
        messageIdDomain: 'wharf.test',
      };
      const later = queueOutbox(doc, { ...mail, body: 'tomorrow', sendAt: Date.now() + 86_400_000 }, annaCtx);
      const held = queueOutbox(
        doc,
        { ...mail, body: 'final contract', approvalReasons: [{ en: 'Contracts', zh: '合同' }] },
        annaCtx,
      );
      const due = queueOutbox(doc, { ...mail, body: 'now' }, annaCtx);
      saveDraft(doc, { ...mail, body: 'half written' }, annaCtx);
      await waitFor(() => writer.pendingCount === 0, 'acknowledged');

      const response = await relay.api(`/api/members/${anna.id}/hand-over`, {
        cookie: admin.cookie,
        json: { to: bo.id },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        moved: Record<string, number>;
        outboxInFlight: string[];
        summary: { en: string };
      };
      expect(body.moved).toMatchObject({ threads: 1, drafts: 1, outbox: 2, skipped: 0 });
      expect(body.outboxInFlight).toEqual([due.id]);
      expect(body.summary.en).toContain('2 scheduled messages');

      const authorOf = (id: string) => threadView(doc, Date.now())?.outbox.find((o) => o.id === id)?.author;
      await waitFor(() => authorOf(later.id) === bo.id, 'moved to Bo in the doc');
      expect(authorOf(held.id)).toBe(bo.id);
      expect(authorOf(due.id)).toBe(anna.id);
      expect(threadView(doc, Date.now())!.drafts.map((d) => [d.userId, d.body])).toEqual([
        [bo.id, 'half written'],
      ]);
    } finally {
      writer.destroy();
    }
  });
});
