// Sending from the outbox through a real SMTP server into a real Dovecot: threading headers,
// the sent copy in the thread, and at most once when the connection drops after DATA.
import { describe, expect, it } from 'vitest';
import { outboxState, queueOutbox, threadMaps, threadView, type OutboxId } from '@wharf/model';
import { parseMessage } from '@wharf/mail-bridge';
import { waitFor } from '../helpers/poll.ts';
import { buyer, startSendWorld, type SendWorld } from '../helpers/send-world.ts';

function queueReply(w: SendWorld): OutboxId {
  const original = [...threadMaps(w.thread).messages.values()][0]!;
  const entry = queueOutbox(
    w.thread,
    {
      to: [{ name: 'Buyer', address: buyer.email }],
      cc: [],
      subject: 'Re: RFQ: 2000 flanges',
      body: 'USD 3.20 per piece, FOB Ningbo.',
      inReplyTo: original.id,
      messageIdDomain: 'wharf.test',
    },
    w.ctx(w.admin.id),
  );
  return entry.id;
}

const statusOf = (w: SendWorld, id: OutboxId) => outboxState(threadMaps(w.thread), id);

const noAttachments = { storeAttachment: () => Promise.reject(new Error('no attachments expected')) };

describe('sending from the outbox', () => {
  it('a reply arrives with threading headers, is appended to Sent and shows in the thread as sent', async () => {
    await using w = await startSendWorld();
    const id = queueReply(w);
    await waitFor(() => statusOf(w, id)?.status === 'sent', 'sent');
    const delivered = await w.buyerInbox();
    expect(delivered).toHaveLength(1);
    const reply = await parseMessage(delivered[0]!, noAttachments);
    expect(reply).toMatchObject({
      inReplyTo: '<rfq-1@buyer.example>',
      references: ['<earlier@buyer.example>', '<rfq-1@buyer.example>'],
      subject: 'Re: RFQ: 2000 flanges',
      from: { name: 'Wharf Sales', address: 'sales@wharf.test' },
    });
    expect(reply.messageId).toMatch(/^<wharf\..+@wharf\.test>$/);
    expect(reply.text).toContain('Wharf Trading Co. · 码头贸易');
    expect(delivered[0]!.toString()).toMatch(new RegExp(`^X-Wharf-Outbox-Id: ${id}\\r$`, 'im'));
    // the copy appended to Sent comes back through IMAP into the same thread, outbound
    await waitFor(
      () => (threadView(w.thread, Date.now())?.messages.length ?? 0) === 2,
      'sent copy in thread',
    );
    expect(threadView(w.thread, Date.now())!.messages.map((m) => m.direction)).toEqual(['in', 'out']);
  });

  it('SMTP drops the connection after DATA: exactly one copy delivered, never resent', async () => {
    await using w = await startSendWorld();
    w.smtp.dropAfterData(1);
    const id = queueReply(w);
    await waitFor(() => statusOf(w, id)?.status === 'failed', 'failed (delivery unknown)');
    expect(statusOf(w, id)!.error).toContain('Check with the recipient');
    await w.bridge.outboxIdle();
    expect(w.smtp.deliveries).toHaveLength(1);
    expect(await w.buyerInbox()).toHaveLength(1);
  });

  it('a provider that files its own Sent copy: the dropped send is found in Sent and marked sent', async () => {
    await using w = await startSendWorld({ fileSentCopy: true });
    w.smtp.dropAfterData(1);
    const id = queueReply(w);
    await waitFor(() => statusOf(w, id)?.status === 'sent', 'sent (found in Sent)');
    expect(w.smtp.deliveries).toHaveLength(1);
    expect(await w.buyerInbox()).toHaveLength(1);
  });

  it('a 451 is retried automatically and delivered once; From says who wrote it "via" the mailbox', async () => {
    await using w = await startSendWorld({ sendAsVia: true });
    w.smtp.failTemporarily(1);
    const id = queueReply(w);
    await waitFor(() => statusOf(w, id)?.status === 'sent', 'sent after retry');
    expect(w.smtp.deliveries).toHaveLength(1);
    const delivered = await w.buyerInbox();
    expect(delivered).toHaveLength(1);
    const reply = await parseMessage(delivered[0]!, noAttachments);
    expect(reply.from).toEqual({ name: 'Admin via Wharf Sales', address: 'sales@wharf.test' });
  });
});
