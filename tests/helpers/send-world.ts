// A sending world for integration tests: a real relay (with the bridge's upload route mounted
// behind its mailbox guard), a real Dovecot holding sales@ and a buyer, a real SMTP server that
// delivers into Dovecot, the bridge (approvals looked up in the relay's own record), and the
// admin's sync client holding the mailbox's hot index and the inbound thread. Dispose with
// `await using`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import {
  counterIds,
  docName,
  indexRows,
  mailboxId,
  userActor,
  userId,
  type ThreadOpContext,
  type ThreadSummary,
} from '@wharf/model';
import { createSyncClient, type SyncClient } from '@wharf/sync';
import { requireMailbox } from '@wharf/relay';
import {
  createBridge,
  mountUploadRoutes,
  openBridgeState,
  type Bridge,
  type UploadRecord,
} from '@wharf/mail-bridge';
import { dovecotMailbox, eventLog, realTimeDeps } from '@wharf/mail-bridge/testing';
import { waitFor } from './poll.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { startRelay, type TestRelay, type TestUser } from './relay.ts';
import { startSmtp, type SmtpServer } from './smtp.ts';

export const sales = { email: 'sales@wharf.test', password: 'secret' };
export const buyer = { email: 'buyer@buyer.example', password: 'buyer-secret' };
const SECRET = Buffer.alloc(32, 9).toString('base64');

/** The customer's RFQ, with a spec sheet attached (for forwards that carry it). */
export const SPEC_SHEET = Buffer.from('%PDF-1.4\nflange spec sheet 法兰规格\n%%EOF\n');
const inbound = Buffer.from(
  [
    'Message-ID: <rfq-1@buyer.example>',
    'From: Buyer <buyer@buyer.example>',
    'To: sales@wharf.test',
    'Subject: RFQ: 2000 flanges',
    'References: <earlier@buyer.example>',
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please quote.',
    '--b1',
    'Content-Type: application/pdf; name="spec.pdf"',
    'Content-Disposition: attachment; filename="spec.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    SPEC_SHEET.toString('base64'),
    '--b1--',
    '',
  ].join('\r\n'),
);

export interface SendWorld extends AsyncDisposable {
  relay: TestRelay;
  dovecot: Dovecot;
  smtp: SmtpServer;
  bridge: Bridge;
  admin: TestUser;
  reader: SyncClient;
  hot: Y.Doc;
  thread: Y.Doc;
  threadName: string;
  /** A user's operation context that keeps the hot row true, as the web app does (SPEC [IX5]). */
  ctx(user: string): ThreadOpContext;
  /** Opens another thread doc of sales@ on the admin's client and waits until it is synced. */
  open(threadName: string): Promise<Y.Doc>;
  upload(user: TestUser, name: string, bytes: Buffer, type?: string): Promise<Response>;
  buyerInbox(): Promise<Buffer[]>;
}

export interface SendWorldOptions {
  fileSentCopy?: boolean;
  sendAsVia?: boolean;
  maxUploadBytes?: number;
}

export async function startSendWorld(options: SendWorldOptions = {}): Promise<SendWorld> {
  const late: { bridge?: Bridge } = {};
  const live = {
    get store() {
      return late.bridge!.store;
    },
    get blobs() {
      return late.bridge!.blobs;
    },
    ...(options.maxUploadBytes ? { maxBytes: options.maxUploadBytes } : {}),
  };
  const relay = await startRelay({
    routes: (app) => mountUploadRoutes(app, { requireMailbox }, live),
  });
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
    approvals: (outboxId) => Promise.resolve(relay.relay.approvals.decisionOf(outboxId)),
  });
  late.bridge = bridge;
  bridge.start();
  await log.waitFor('synced', undefined, 30_000);
  await bridge.docsWritten();
  const reader = createSyncClient({ url: `${relay.wsUrl}/sync`, token: admin.session });
  const hot = new Y.Doc();
  reader.attach(docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' }), hot);
  await waitFor(() => indexRows(hot).size === 1, 'index row');
  const row = [...indexRows(hot).values()][0] as ThreadSummary;
  const threadName = docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: row.threadId });
  const open = async (name: string) => {
    const doc = new Y.Doc();
    reader.attach(name, doc);
    await waitFor(() => reader.isSynced(name), `${name} synced`);
    return doc;
  };
  const thread = await open(threadName);
  const ids = new Map<string, () => string>();
  return {
    relay,
    dovecot,
    smtp,
    bridge,
    admin,
    reader,
    hot,
    thread,
    threadName,
    open,
    ctx(user) {
      if (!ids.has(user)) ids.set(user, counterIds(`${user}-${ids.size}`));
      return {
        deps: { now: () => Date.now(), newId: ids.get(user)! },
        actor: userActor(userId(user)),
        index: (_mailbox, bucket) => {
          if (bucket !== 'hot') throw new Error(`test world holds only the hot bucket, not ${bucket}`);
          return hot;
        },
      };
    },
    upload: (user, name, bytes, type = 'application/octet-stream') =>
      fetch(`${relay.url}/api/mailboxes/sales/uploads?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { cookie: user.cookie, 'content-type': type, 'x-wharf-csrf': '1' },
        body: new Uint8Array(bytes),
      }),
    buyerInbox: () => dovecot.sources(buyer),
    async [Symbol.asyncDispose]() {
      await bridge[Symbol.asyncDispose]();
      bridgeClient.destroy();
      reader.destroy();
      await smtp[Symbol.asyncDispose]();
      await dovecot[Symbol.asyncDispose]();
      await relay.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type { UploadRecord };
