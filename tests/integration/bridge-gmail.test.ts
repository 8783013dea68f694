// The Gmail path over the IMAP wire: a real bridge and relay against a Gmail-like IMAP server
// (tests/helpers/gmail-imap.ts: hoodiecrow-imap speaking X-GM-EXT-1, with Gmail's folder layout
// and one X-GM-MSGID/X-GM-THRID per message across its INBOX, All Mail, Sent Mail and label
// copies) and an SMTP server that files sent mail itself, as Gmail's does. The mailbox is set up
// with the 'gmail' provider. Changes from "another client" are made over IMAP with imapflow, as
// Gmail's web UI or a phone would, while the bridge idles (its own resync is 10 minutes away).
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTag,
  docName,
  indexRows,
  mailboxId,
  outboxState,
  queueOutbox,
  removeTag,
  threadMaps,
  threadView,
  userActor,
  userId,
  type OutboxId,
  type ThreadOpContext,
  type ThreadSummary,
} from '@wharf/model';
import type { SyncClient } from '@wharf/sync';
import { openBridgeState } from '@wharf/mail-bridge';
import { dovecotMailbox } from '@wharf/mail-bridge/testing';
import { ALL_MAIL, SENT_MAIL, startGmail, type GmailServer } from '../helpers/gmail-imap.ts';
import type { SmtpServer } from '../helpers/smtp.ts';
import { plainMail, waitFor } from '../helpers/poll.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const SECRET = Buffer.alloc(32, 6).toString('base64');
const user = { email: 'sales@wharf.test', password: 'app-password' };
const buyer = 'Buyer <buyer@buyer.example>';
const mail = (id: string, subject: string, minute: number, extra: Record<string, string> = {}) =>
  plainMail(
    {
      'Message-ID': `<${id}@buyer.example>`,
      From: buyer,
      Subject: subject,
      Date: `Mon, 23 Nov 2026 08:${String(minute).padStart(2, '0')}:00 +0000`,
      ...extra,
    },
    `${subject} (${id}).`,
  );

describe('the Gmail path over IMAP (X-GM-EXT-1)', () => {
  let gmail: GmailServer;
  let smtp: SmtpServer;
  let stack: Stack;
  let reader: SyncClient;
  let admin: { id: string };
  const hot = new Y.Doc();
  const threads = new Map<string, Y.Doc>();
  const rows = () => [...indexRows(hot).values()] as ThreadSummary[];
  const row = (subject: string) => rows().find((r) => r.subject === subject);
  const open = async (subject: string) => {
    const threadId = row(subject)!.threadId;
    const name = docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId });
    if (!threads.has(name)) {
      const doc = new Y.Doc();
      reader.attach(name, doc);
      threads.set(name, doc);
      await waitFor(() => reader.isSynced(name), `${subject} synced`);
    }
    return threads.get(name)!;
  };
  const tags = (doc: Y.Doc) => [...threadMaps(doc).tags.keys()].sort();
  const ctx = (): ThreadOpContext => ({
    deps: { now: () => Date.now(), newId: () => `u-${Math.random().toString(36).slice(2)}` },
    actor: userActor(userId(admin.id)),
    index: (_mailbox, bucket) => {
      if (bucket !== 'hot') throw new Error(`only the hot bucket is held, not ${bucket}`);
      return hot;
    },
  });
  /** Another client (Gmail's web UI) edits labels on the message's All Mail copy. */
  const editLabels = async (messageId: string, add: string[], remove: string[]) => {
    const uid = gmail.copies(ALL_MAIL).find((c) => c.messageId === messageId)!.uid;
    const client = await gmail.client();
    const lock = await client.getMailboxLock(ALL_MAIL);
    try {
      if (add.length > 0) await client.messageFlagsAdd(String(uid), add, { uid: true, useLabels: true });
      if (remove.length > 0)
        await client.messageFlagsRemove(String(uid), remove, { uid: true, useLabels: true });
    } finally {
      lock.release();
      await client.logout();
    }
  };

  beforeAll(async () => {
    gmail = await startGmail({
      user,
      labelFolders: ['Customers/ACME', '询价'],
      messages: [
        // one Gmail thread whose second message has neither References nor In-Reply-To
        {
          raw: mail('order-1', 'Order 12', 1),
          labels: ['\\Inbox', 'Customers/ACME'],
          flags: ['\\Seen'],
          threadId: '1789',
        },
        { raw: mail('order-2', 'Different subject', 2), labels: ['\\Important', '询价'], threadId: '1789' },
        // archived (All Mail only) and a sent one with its copy in Sent Mail
        { raw: mail('archived', 'Archived quote', 3), labels: [], flags: ['\\Seen'] },
        {
          raw: plainMail(
            {
              'Message-ID': '<sent-1@wharf.test>',
              From: 'Sales <sales@wharf.test>',
              To: buyer,
              Subject: 'Catalogue 2027',
              Date: 'Mon, 23 Nov 2026 08:04:00 +0000',
            },
            'Our new catalogue.',
          ),
          labels: ['\\Sent'],
          flags: ['\\Seen'],
        },
      ],
    });
    smtp = await gmail.smtp();
    stack = await startStack({ bridge: { secretKey: SECRET, mailbox: null, start: false } });
    const { store } = openBridgeState(stack.dataDir, SECRET);
    store.addMailbox(dovecotMailbox('sales', user.email, gmail.port, smtp.port, { provider: 'gmail' }), {
      password: user.password,
    });
    store.close();
    const session = await stack.relay.admin();
    admin = session;
    reader = stack.connect(session.session);
    reader.attach(docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' }), hot);
    stack.startBridge();
    await stack.log.waitFor('synced', undefined, 30_000);
    await stack.bridge.docsWritten();
    await waitFor(() => rows().length === 3, 'three threads');
  }, 120_000);

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await gmail?.[Symbol.asyncDispose]();
  });

  it('ingests every message once, through All Mail, though INBOX, Sent Mail and label folders hold copies', () => {
    expect(gmail.copies('INBOX')).toHaveLength(1);
    expect(gmail.copies(SENT_MAIL)).toHaveLength(1);
    expect(gmail.copies('询价')).toHaveLength(1);
    expect(stack.bridge.store.countMessages('sales')).toBe(4);
    for (const copy of gmail.copies(ALL_MAIL)) {
      const key = stack.bridge.store.folderUids('sales', ALL_MAIL).find((u) => u.uid === copy.uid)?.key;
      expect(stack.bridge.store.locations('sales', key!).map((l) => l.path)).toEqual([ALL_MAIL]);
    }
    expect(rows().reduce((n, r) => n + r.messageCount, 0)).toBe(4);
  });

  it('threads by X-GM-THRID without References; user labels are tags, system labels are not', async () => {
    expect(row('Order 12')).toMatchObject({ messageCount: 2, tags: ['customers/acme', '询价'] });
    const order = await open('Order 12');
    expect(threadView(order, Date.now())!.messages.map((m) => m.subject)).toEqual([
      'Order 12',
      'Different subject',
    ]);
    expect(row('Archived quote')).toMatchObject({ messageCount: 1, tags: [] });
    expect(row('Catalogue 2027')).toMatchObject({ messageCount: 1, tags: [] });
    const sent = await open('Catalogue 2027');
    expect(threadView(sent, Date.now())!.messages[0]).toMatchObject({
      direction: 'out',
      server: { folders: [ALL_MAIL], seen: true },
    });
  });

  it('a label added or removed in Gmail later reaches the tags; a tag added by hand stays', async () => {
    const order = await open('Order 12');
    addTag(order, 'vip', ctx());
    // a label of the same name as a hand-added tag: removing the label leaves the tag
    addTag(order, 'urgent', ctx());
    await editLabels('<order-2@buyer.example>', ['报价', 'Urgent'], []);
    await waitFor(() => tags(order).includes('报价'), 'the added label as a tag');
    await editLabels('<order-1@buyer.example>', [], ['Customers/ACME']);
    await waitFor(() => !tags(order).includes('customers/acme'), 'the removed label gone from the tags');
    await editLabels('<order-2@buyer.example>', [], ['Urgent']);
    await editLabels('<order-2@buyer.example>', ['Sample'], []);
    await waitFor(() => tags(order).includes('sample'), 'the last label edit');
    expect(tags(order)).toEqual(['sample', 'urgent', 'vip', '报价', '询价']);
    await waitFor(() => row('Order 12')!.tags.join() === tags(order).join(), 'the index row');
  });

  it('a label removed from one message stays a tag while another message of the thread carries it', async () => {
    const order = await open('Order 12');
    await editLabels('<order-1@buyer.example>', ['询价'], []);
    await editLabels('<order-2@buyer.example>', [], ['询价', 'Sample']);
    await waitFor(() => !tags(order).includes('sample'), 'Sample gone');
    expect(tags(order)).toContain('询价');
  });

  it('a tag the team removed comes back only when the label is added again in Gmail', async () => {
    const order = await open('Order 12');
    removeTag(order, '报价', ctx());
    await editLabels('<order-1@buyer.example>', ['Later'], []);
    await waitFor(() => tags(order).includes('later'), 'an unrelated label edit');
    expect(tags(order)).not.toContain('报价');
    await editLabels('<order-1@buyer.example>', ['报价'], []);
    await waitFor(() => tags(order).includes('报价'), 'the label added again');
  });

  it('new mail, and mail sent from Gmail itself, appear while the bridge runs', async () => {
    gmail.deliver({
      raw: mail('order-3', 'Another subject again', 5),
      labels: ['\\Inbox', 'Customers/ACME'],
      threadId: '1789',
    });
    await waitFor(() => row('Order 12')?.messageCount === 3, 'the new message in its Gmail thread');
    await waitFor(() => stack.bridge.progress()[0]?.phase === 'idle', 'the bridge idle again');
    // written in Gmail's web UI: it lands in Sent Mail and All Mail, never in INBOX
    gmail.deliver({
      raw: plainMail(
        {
          'Message-ID': '<webui-1@wharf.test>',
          From: 'Sales <sales@wharf.test>',
          To: buyer,
          Subject: 'Price list',
          Date: 'Mon, 23 Nov 2026 08:06:00 +0000',
        },
        'Attached.',
      ),
      labels: ['\\Sent'],
      flags: ['\\Seen'],
    });
    await waitFor(() => row('Price list') !== undefined, 'the mail sent from Gmail');
  });

  it('a reply sent through Gmail SMTP is filed in Sent Mail once (by Gmail) and joins its thread once', async () => {
    const order = await open('Order 12');
    const original = [...threadMaps(order).messages.values()].find(
      (m) => m.messageIdHeader === '<order-3@buyer.example>',
    )!;
    const entry = queueOutbox(
      order,
      {
        to: [{ name: 'Buyer', address: 'buyer@buyer.example' }],
        cc: [],
        subject: 'Re: Another subject again',
        body: 'USD 3.20 per piece.',
        inReplyTo: original.id,
        messageIdDomain: 'wharf.test',
      },
      ctx(),
    );
    const id: OutboxId = entry.id;
    await waitFor(() => outboxState(threadMaps(order), id)?.status === 'sent', 'sent');
    await waitFor(() => row('Order 12')?.messageCount === 4, 'the reply in the thread');
    await stack.bridge.outboxIdle();
    await stack.bridge.docsWritten();
    const messageId = smtp.deliveries[0]!.raw.toString().match(/^Message-ID: (<[^>]+>)/im)![1];
    expect(smtp.deliveries).toHaveLength(1);
    expect(gmail.copies(SENT_MAIL).filter((c) => c.messageId === messageId)).toHaveLength(1);
    expect(gmail.copies(ALL_MAIL).filter((c) => c.messageId === messageId)).toHaveLength(1);
    const refs = [...threadMaps(order).messages.values()].filter((m) => m.messageIdHeader === messageId);
    expect(refs).toHaveLength(1);
    expect(refs[0]).toMatchObject({ direction: 'out' });
  });

  it("a send whose connection drops after DATA is found in Gmail's Sent Mail: sent, never resent", async () => {
    const order = await open('Order 12');
    const before = smtp.deliveries.length;
    smtp.dropAfterData(1);
    const entry = queueOutbox(
      order,
      {
        to: [{ name: 'Buyer', address: 'buyer@buyer.example' }],
        cc: [],
        subject: 'Re: Another subject again',
        body: 'Samples ship on Friday.',
        inReplyTo: [...threadMaps(order).messages.values()][0]!.id,
        messageIdDomain: 'wharf.test',
      },
      ctx(),
    );
    await waitFor(
      () => outboxState(threadMaps(order), entry.id)?.status === 'sent',
      'sent (found in Sent Mail)',
    );
    await stack.bridge.outboxIdle();
    expect(smtp.deliveries).toHaveLength(before + 1);
    const messageId = smtp.deliveries[before]!.raw.toString().match(/^Message-ID: (<[^>]+>)/im)![1];
    expect(gmail.copies(SENT_MAIL).filter((c) => c.messageId === messageId)).toHaveLength(1);
  });
});
