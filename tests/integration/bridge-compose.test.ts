// Composing beyond a plain reply, through the real relay, bridge, SMTP server and Dovecot:
// attachments (uploaded, forwarded by reference), new mail in a new thread, scheduled sending,
// approval that only the relay can give, and which thread docs the sender holds.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  advanceOutbox,
  docName,
  entryRevision,
  indexRows,
  mailboxId,
  putWorkspaceRow,
  queueOutbox,
  startOutgoingThread,
  threadId,
  threadMaps,
  threadView,
  userActor,
  userId,
  type OutboxAttachment,
  type OutboxId,
} from '@wharf/model';
import { createSyncClient } from '@wharf/sync';
import { parseMessage } from '@wharf/mail-bridge';
import { waitFor } from '../helpers/poll.ts';
import { buyer, SPEC_SHEET, startSendWorld, type SendWorld } from '../helpers/send-world.ts';

const attachmentsOf = async (raw: Buffer) => {
  const files: { filename: string | undefined; content: Buffer }[] = [];
  const parsed = await parseMessage(raw, {
    storeAttachment: async (content) => {
      const chunks: Buffer[] = [];
      for await (const chunk of content as AsyncIterable<Buffer>) chunks.push(chunk);
      files.push({ filename: undefined, content: Buffer.concat(chunks) });
      return { sha256: String(files.length - 1), size: 0 };
    },
  });
  return {
    parsed,
    files: parsed.attachments.map((a) => ({
      filename: a.filename,
      content: files[Number(a.sha256)]!.content,
    })),
  };
};

const phaseOf = (w: SendWorld, doc: Y.Doc, id: OutboxId) =>
  threadView(doc, Date.now())?.outbox.find((o) => o.id === id)?.phase;

function reply(w: SendWorld, extra: Partial<Parameters<typeof queueOutbox>[1]> = {}, user = w.admin.id) {
  const original = [...threadMaps(w.thread).messages.values()][0]!;
  return queueOutbox(
    w.thread,
    {
      to: [{ name: 'Buyer', address: buyer.email }],
      cc: [],
      subject: 'Re: RFQ: 2000 flanges',
      body: 'Quote attached.',
      inReplyTo: original.id,
      messageIdDomain: 'wharf.test',
      ...extra,
    },
    w.ctx(user),
  );
}

describe('attachments', () => {
  it('[OB5] a reply with an uploaded file and a forward carrying the original attachment arrive byte-identical', async () => {
    await using w = await startSendWorld();
    const quote = Buffer.concat([Buffer.from('%PDF-1.7 报价单 '), Buffer.alloc(300_000, 0xa5)]);
    const response = await w.upload(w.admin, 'Quote 报价单.pdf', quote, 'application/pdf');
    expect(response.status).toBe(201);
    const upload = (await response.json()) as OutboxAttachment;
    expect(upload).toMatchObject({
      filename: 'Quote 报价单.pdf',
      contentType: 'application/pdf',
      size: quote.length,
    });

    const sent = reply(w, { attachments: [upload] });
    await waitFor(() => phaseOf(w, w.thread, sent.id) === 'sent', 'reply sent');
    const original = [...threadMaps(w.thread).messages.values()].find((m) => m.direction === 'in')!;
    const carried = original.attachments[0]!;
    const forward = queueOutbox(
      w.thread,
      {
        to: [{ address: buyer.email }],
        cc: [],
        subject: 'Fwd: RFQ: 2000 flanges',
        body: 'See the spec sheet.',
        kind: 'forward',
        attachments: [
          {
            sha256: carried.id,
            filename: carried.filename,
            contentType: carried.contentType,
            size: carried.size,
            fromMessage: original.id,
          },
        ],
        messageIdDomain: 'wharf.test',
      },
      w.ctx(w.admin.id),
    );
    await waitFor(() => phaseOf(w, w.thread, forward.id) === 'sent', 'forward sent');

    const inbox = await w.buyerInbox();
    expect(inbox).toHaveLength(2);
    const [first, second] = await Promise.all(inbox.map(attachmentsOf));
    expect(first!.files).toHaveLength(1);
    expect(first!.files[0]!.filename).toBe('Quote 报价单.pdf');
    expect(first!.files[0]!.content.equals(quote)).toBe(true);
    expect(second!.parsed.subject).toBe('Fwd: RFQ: 2000 flanges');
    expect(second!.files.map((f) => [f.filename, f.content.equals(SPEC_SHEET)])).toEqual([
      ['spec.pdf', true],
    ]);
  });

  it('[OB5] a file referenced without an upload to this mailbox fails the entry and nothing is sent', async () => {
    await using w = await startSendWorld();
    const forged = reply(w, {
      attachments: [
        { sha256: 'c'.repeat(64), filename: 'secret.pdf', contentType: 'application/pdf', size: 9 },
      ],
    });
    await waitFor(() => phaseOf(w, w.thread, forged.id) === 'failed', 'failed');
    expect(threadView(w.thread, Date.now())!.outbox[0]!.error).toContain('not available to this mailbox');
    expect(w.smtp.deliveries).toHaveLength(0);
  });

  it('uploads: too large is 413, no name is 400, both bilingual; no grant on the mailbox is 403', async () => {
    await using w = await startSendWorld({ maxUploadBytes: 64 * 1024 });
    const big = await w.upload(w.admin, 'big.bin', Buffer.alloc(65 * 1024, 1));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(
      /larger than .*文件超过/,
    );
    const nameless = await w.upload(w.admin, '', Buffer.from('x'));
    expect(nameless.status).toBe(400);
    expect(((await nameless.json()) as { error: { message: string } }).error.message).toMatch(/name.*文件名/);
    const outsider = await w.relay.member({ mailboxes: [] });
    expect((await w.upload(outsider, 'a.txt', Buffer.from('x'))).status).toBe(403);
    const granted = await w.relay.member({ mailboxes: ['sales'] });
    expect((await w.upload(granted, 'a.txt', Buffer.from('x'), 'text/plain')).status).toBe(201);
  });
});

describe('new mail', () => {
  it('[NW1] new mail starts its own thread; it arrives, and its Sent copy joins that thread, not a new one', async () => {
    await using w = await startSendWorld({ sendAsVia: true });
    const id = threadId('new-mail-1');
    const name = docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: id });
    const doc = await w.open(name);
    const entry = startOutgoingThread(
      doc,
      { threadId: id, mailboxId: mailboxId('sales'), subject: 'Catalogue 2027 目录' },
      {
        to: [{ name: 'Buyer', address: buyer.email }],
        cc: [],
        subject: 'Catalogue 2027 目录',
        body: 'Our new catalogue.',
        sendAsVia: false,
        messageIdDomain: 'wharf.test',
      },
      w.ctx(w.admin.id),
    );
    await waitFor(() => phaseOf(w, doc, entry.id) === 'sent', 'new mail sent');
    const [delivered] = await w.buyerInbox();
    const message = await parseMessage(delivered!, {
      storeAttachment: () => Promise.reject(new Error('none')),
    });
    expect(message).toMatchObject({ subject: 'Catalogue 2027 目录', inReplyTo: undefined });
    // the author chose to send as the mailbox, although it allows "Name via Sales"
    expect(message.from).toEqual({ name: 'Wharf Sales', address: 'sales@wharf.test' });
    await waitFor(
      () => (threadView(doc, Date.now())?.messages.length ?? 0) === 1,
      'sent copy in the new thread',
    );
    expect(threadView(doc, Date.now())!.messages[0]!.direction).toBe('out');
    await w.bridge.docsWritten();
    expect(indexRows(w.hot).size).toBe(2);
  });
});

describe('scheduled sending', () => {
  it('[SC1] a scheduled reply waits for its time, a cancelled one never goes; no sleeps, explicit states', async () => {
    await using w = await startSendWorld();
    const now = Date.now();
    const cancelled = reply(w, { body: 'cancelled one', sendAt: now + 1_500 });
    const scheduled = reply(w, { body: 'scheduled one', sendAt: now + 2_500 });
    expect(phaseOf(w, w.thread, scheduled.id)).toBe('scheduled');
    await waitFor(() => w.bridge.outboxWatching().includes(w.threadName), 'bridge holds the thread');
    await w.bridge.outboxIdle();
    expect(w.smtp.deliveries).toHaveLength(0);
    expect(advanceOutbox(w.thread, cancelled.id, 'cancelled', w.ctx(w.admin.id))).toBe(true);
    await waitFor(() => phaseOf(w, w.thread, scheduled.id) === 'sent', 'scheduled one sent');
    const sentAt = threadMaps(w.thread).outboxEvents.get(`${scheduled.id}:1:sending`)!.at;
    expect(sentAt).toBeGreaterThanOrEqual(now + 2_500);
    expect(phaseOf(w, w.thread, cancelled.id)).toBe('cancelled');
    const inbox = await w.buyerInbox();
    expect(inbox.map((raw) => raw.toString().includes('scheduled one'))).toEqual([true]);
  });
});

describe('approval', () => {
  it('[AP2] mail matching an approval rule waits; a member forging an approval in the doc sends nothing; a manager approves through the relay', async () => {
    await using w = await startSendWorld();
    const workspace = await w.open('workspace');
    putWorkspaceRow(
      workspace,
      'approvalRules',
      { id: 'contracts', name: 'Contracts', phrases: ['final contract'] },
      w.ctx(w.admin.id),
    );
    const member = await w.relay.member({ mailboxes: ['sales'], name: 'Rep' });
    const manager = await w.relay.member({ role: 'manager', mailboxes: ['sales'], name: 'Boss' });
    // the member's client "forgets" to say it needs approval
    const risky = reply(w, { body: 'Please sign the final contract.' }, member.id);
    await waitFor(() => phaseOf(w, w.thread, risky.id) === 'awaiting-approval', 'held by the bridge');

    // the member writes an approval row into the doc themselves, over their own connection
    const rep = createSyncClient({ url: `${w.relay.wsUrl}/sync`, token: member.session });
    const repThread = new Y.Doc();
    rep.attach(w.threadName, repThread);
    await waitFor(() => rep.isSynced(w.threadName), 'member synced');
    const revision = entryRevision(threadMaps(repThread).outbox.get(risky.id)!);
    repThread.transact(
      () => {
        threadMaps(repThread).approvals.set(`${risky.id}:${revision}`, {
          outboxId: risky.id,
          revision,
          decision: 'approved',
          by: userId(manager.id),
          at: Date.now(),
        });
      },
      userActor(userId(member.id)),
    );
    await waitFor(() => rep.pendingCount === 0, 'forgery acknowledged');
    // a later harmless reply in the same thread is sent: the bridge has looked at the forged one by then
    const harmless = reply(w, { body: 'Samples ship Monday.' }, member.id);
    await waitFor(() => phaseOf(w, w.thread, harmless.id) === 'sent', 'harmless reply sent');
    await w.bridge.outboxIdle();
    expect(w.smtp.deliveries).toHaveLength(1);
    expect(w.smtp.deliveries[0]!.raw.toString()).toContain('Samples ship Monday.');

    // the member may not approve through the relay either; the manager may
    const route = `/api/threads/sales/${threadView(w.thread, 0)!.meta.threadId}/outbox/${risky.id}/decision`;
    const byMember = await w.relay.api(route, {
      cookie: member.cookie,
      json: { decision: 'approve', revision },
    });
    expect(byMember.status).toBe(403);
    const stale = await w.relay.api(route, {
      cookie: manager.cookie,
      json: { decision: 'approve', revision: 'x' },
    });
    expect(stale.status).toBe(400);
    const approved = await w.relay.api(route, {
      cookie: manager.cookie,
      json: { decision: 'approve', revision },
    });
    expect(approved.status).toBe(200);
    await waitFor(() => phaseOf(w, w.thread, risky.id) === 'sent', 'approved mail sent');
    expect(w.smtp.deliveries).toHaveLength(2);
    rep.destroy();
  });
});

describe('what the sender holds', () => {
  it('[IX5] the bridge opens only threads with pending mail, and lets go once it is sent', async () => {
    await using w = await startSendWorld();
    await w.bridge.outboxIdle();
    expect(w.bridge.outboxWatching()).toEqual([]);
    const entry = reply(w);
    await waitFor(() => phaseOf(w, w.thread, entry.id) === 'sent', 'sent');
    await waitFor(() => w.bridge.outboxWatching().length === 0, 'thread released');
    expect(indexRows(w.hot).get(threadView(w.thread, 0)!.meta.threadId)?.pendingOutbox).toBe(0);
  });
});
