// Sending from the outbox through a real SMTP server into a real Dovecot: threading headers,
// the sent copy in the thread, and at most once when the connection drops after DATA.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  counterIds,
  docName,
  indexRows,
  mailboxId,
  outboxState,
  queueOutbox,
  threadMaps,
  threadView,
  userActor,
  userId,
  type OutboxId,
  type ThreadSummary,
} from '@wharf/model';
import { createSyncClient, type SyncClient } from '@wharf/sync';
import { createBridge, openBridgeState, parseMessage, type Bridge } from '@wharf/mail-bridge';
import { dovecotMailbox, eventLog, realTimeDeps } from '@wharf/mail-bridge/testing';
import { waitFor } from '../helpers/poll.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { startRelay, type TestRelay } from '../helpers/relay.ts';
import { startSmtp, type SmtpServer } from '../helpers/smtp.ts';

const sales = { email: 'sales@wharf.test', password: 'secret' };
const buyer = { email: 'buyer@buyer.example', password: 'buyer-secret' };
const SECRET = Buffer.alloc(32, 9).toString('base64');

const inbound = Buffer.from(
  'Message-ID: <rfq-1@buyer.example>\r\nFrom: Buyer <buyer@buyer.example>\r\nTo: sales@wharf.test\r\n' +
    'Subject: RFQ: 2000 flanges\r\nReferences: <earlier@buyer.example>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0000\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\n\r\nPlease quote.\r\n',
);

interface World {
  relay: TestRelay;
  dovecot: Dovecot;
  smtp: SmtpServer;
  bridge: Bridge;
  bridgeClient: SyncClient;
  reader: SyncClient;
  thread: Y.Doc;
  threadName: string;
  adminId: string;
  dataDir: string;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.bridge[Symbol.asyncDispose]();
    w.bridgeClient.destroy();
    w.reader.destroy();
    await w.smtp[Symbol.asyncDispose]();
    await w.dovecot[Symbol.asyncDispose]();
    await w.relay.dispose();
    rmSync(w.dataDir, { recursive: true, force: true });
  }
});

async function world(options: { fileSentCopy?: boolean; sendAsVia?: boolean } = {}): Promise<World> {
  const relay = await startRelay();
  const admin = await relay.admin();
  const dovecot = await startDovecot([sales, buyer]);
  dovecot.seed(sales.email, 'INBOX', [{ raw: inbound }]);
  const smtp = await startSmtp({ dovecot, ...(options.fileSentCopy ? { fileSentCopy: true } : {}) });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bridge-send-'));
  const setup = openBridgeState(dataDir, SECRET);
  setup.store.addMailbox(
    dovecotMailbox('sales', sales.email, dovecot.port, smtp.port, {
      displayName: 'Wharf Sales',
      signature: 'Wharf Trading Co. · 码头贸易',
      provider: options.fileSentCopy ? 'gmail' : 'custom',
      ...(options.sendAsVia ? { sendAsVia: true } : {}),
    }),
    { password: sales.password },
  );
  setup.store.close();
  const log = eventLog();
  const bridgeClient = createSyncClient({ url: `${relay.wsUrl}/sync`, token: await relay.serviceToken() });
  const bridge = createBridge({
    ...realTimeDeps(),
    dataDir,
    secretKey: SECRET,
    onEvent: log.onEvent,
    docs: { client: bridgeClient, newId: counterIds('bridge') },
    sync: { resyncMs: 60_000 },
  });
  bridge.start();
  await log.waitFor('synced', undefined, 30_000);
  await bridge.docsWritten();
  const reader = createSyncClient({ url: `${relay.wsUrl}/sync`, token: admin.session });
  const hot = new Y.Doc();
  reader.attach(docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' }), hot);
  await waitFor(() => indexRows(hot).size === 1, 'index row');
  const row = [...indexRows(hot).values()][0] as ThreadSummary;
  const threadName = docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: row.threadId });
  const thread = new Y.Doc();
  reader.attach(threadName, thread);
  await waitFor(() => reader.isSynced(threadName), 'thread synced');
  const w = {
    relay,
    dovecot,
    smtp,
    bridge,
    bridgeClient,
    reader,
    thread,
    threadName,
    adminId: admin.id,
    dataDir,
  };
  worlds.push(w);
  return w;
}

function queueReply(w: World): OutboxId {
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
    { deps: { now: () => Date.now(), newId: counterIds('reader') }, actor: userActor(userId(w.adminId)) },
  );
  return entry.id;
}

const statusOf = (w: World, id: OutboxId) => outboxState(threadMaps(w.thread), id);

async function buyerInbox(w: World): Promise<Buffer[]> {
  const client = await w.dovecot.client(buyer);
  try {
    await client.mailboxOpen('INBOX');
    const sources: Buffer[] = [];
    for await (const m of client.fetch('1:*', { source: true })) if (m.source) sources.push(m.source);
    return sources;
  } finally {
    await client.logout();
  }
}

const noAttachments = { storeAttachment: () => Promise.reject(new Error('no attachments expected')) };

describe('sending from the outbox', () => {
  it('a reply arrives with threading headers, is appended to Sent and shows in the thread as sent', async () => {
    const w = await world();
    const id = queueReply(w);
    await waitFor(() => statusOf(w, id)?.status === 'sent', 'sent');
    const delivered = await buyerInbox(w);
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
    const w = await world();
    w.smtp.dropAfterData(1);
    const id = queueReply(w);
    await waitFor(() => statusOf(w, id)?.status === 'failed', 'failed (delivery unknown)');
    expect(statusOf(w, id)!.error).toContain('Check with the recipient');
    await w.bridge.outboxIdle();
    expect(w.smtp.deliveries).toHaveLength(1);
    expect(await buyerInbox(w)).toHaveLength(1);
  });

  it('a provider that files its own Sent copy: the dropped send is found in Sent and marked sent', async () => {
    const w = await world({ fileSentCopy: true });
    w.smtp.dropAfterData(1);
    const id = queueReply(w);
    await waitFor(() => statusOf(w, id)?.status === 'sent', 'sent (found in Sent)');
    expect(w.smtp.deliveries).toHaveLength(1);
    expect(await buyerInbox(w)).toHaveLength(1);
  });

  it('a 451 is retried automatically and delivered once; From says who wrote it "via" the mailbox', async () => {
    const w = await world({ sendAsVia: true });
    w.smtp.failTemporarily(1);
    const id = queueReply(w);
    await waitFor(() => statusOf(w, id)?.status === 'sent', 'sent after retry');
    expect(w.smtp.deliveries).toHaveLength(1);
    const delivered = await buyerInbox(w);
    expect(delivered).toHaveLength(1);
    const reply = await parseMessage(delivered[0]!, noAttachments);
    expect(reply.from).toEqual({ name: 'Admin via Wharf Sales', address: 'sales@wharf.test' });
  });
});
