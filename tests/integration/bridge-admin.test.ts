// The admin's mailbox API on the relay: add with a connection test, public part published to the
// workspace doc, progress behind the mailbox grant, pause and remove; passwords never come back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterIds, workspaceTable } from '@wharf/model';
import { requireMailbox, requireRole } from '@wharf/relay';
import { createSyncClient, type SyncClient } from '@wharf/sync';
import { createBridge, mountBridgeRoutes, mountMailboxRoutes, type Bridge } from '@wharf/mail-bridge';
import { eventLog, realTimeDeps, type EventLog } from '@wharf/mail-bridge/testing';
import { waitFor } from '../helpers/poll.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { startRelay, type TestRelay, type TestUser } from '../helpers/relay.ts';

const sales = { email: 'sales@wharf.test', password: 'very-secret-pw-1' };

describe('mailbox admin API', () => {
  let dovecot: Dovecot;
  let relay: TestRelay;
  let bridge: Bridge;
  let bridgeClient: SyncClient;
  let dataDir: string;
  let admin: TestUser;
  let member: TestUser;
  let log: EventLog;

  beforeAll(async () => {
    dovecot = await startDovecot([sales]);
    dovecot.seed(sales.email, 'INBOX', [
      { raw: Buffer.from('Message-ID: <a@x>\r\nSubject: hello\r\nFrom: a@x.example\r\n\r\nhi\r\n') },
    ]);
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-bridge-admin-'));
    log = eventLog();
    const late: { bridge?: Bridge } = {};
    relay = await startRelay({
      routes: (app) => {
        const guard = { requireRole, requireMailbox };
        // the relay is created before the bridge (the bridge needs its URL): resolve at request time
        mountMailboxRoutes(app, guard, {
          get store() {
            return late.bridge!.store;
          },
          changed: (id) => late.bridge!.mailboxChanged(id),
          progress: (id) => late.bridge!.progress().find((p) => p.mailboxId === id),
        });
        mountBridgeRoutes(app, guard, {
          get store() {
            return late.bridge!.store;
          },
          get blobs() {
            return late.bridge!.blobs;
          },
        });
      },
    });
    admin = await relay.admin();
    member = await relay.member({ mailboxes: ['info'] });
    bridgeClient = createSyncClient({ url: `${relay.wsUrl}/sync`, token: await relay.serviceToken() });
    bridge = createBridge({
      ...realTimeDeps(),
      dataDir,
      secretKey: undefined,
      onEvent: log.onEvent,
      docs: { client: bridgeClient, newId: counterIds('bridge') },
    });
    late.bridge = bridge;
    bridge.start();
  });

  afterAll(async () => {
    await bridge?.[Symbol.asyncDispose]();
    bridgeClient?.destroy();
    await relay?.dispose();
    await dovecot?.[Symbol.asyncDispose]();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const mailbox = (password: string) => ({
    id: 'sales',
    address: sales.email,
    displayName: 'Sales 销售部',
    password,
    imap: { host: '127.0.0.1', port: dovecot.port, secure: false },
    smtp: { host: '127.0.0.1', port: 2525, secure: false },
  });

  it('refuses non-admins and reports a wrong password as connection_auth', async () => {
    expect(
      (await relay.api('/api/bridge/mailboxes', { cookie: member.cookie, json: mailbox('x') })).status,
    ).toBe(403);
    const wrong = await relay.api('/api/bridge/mailboxes', {
      cookie: admin.cookie,
      json: { ...mailbox('wrong'), test: true },
    });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: { code: string; stage: string } }).error).toMatchObject({
      code: 'connection_auth',
      stage: 'imap',
    });
  });

  it('adds a mailbox: syncs it, publishes its public part, keeps the password sealed', async () => {
    const created = await relay.api('/api/bridge/mailboxes', {
      cookie: admin.cookie,
      json: { ...mailbox(sales.password), test: false },
    });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain(sales.password);
    await log.waitFor('synced', (e) => e.mailboxId === 'sales', 30_000);
    expect(bridge.store.countMessages('sales')).toBe(1);

    const listed = await relay.api('/api/bridge/mailboxes', { cookie: admin.cookie });
    expect(await listed.text()).not.toContain(sales.password);
    expect(readFileSync(join(dataDir, 'bridge.sqlite')).includes(Buffer.from(sales.password))).toBe(false);

    const reader = createSyncClient({ url: `${relay.wsUrl}/sync`, token: admin.session });
    const workspace = new Y.Doc();
    reader.attach('workspace', workspace);
    await waitFor(() => workspaceTable(workspace, 'mailboxes').has('sales'), 'mailbox row in workspace');
    expect(workspaceTable(workspace, 'mailboxes').get('sales')).toMatchObject({
      address: sales.email,
      displayName: 'Sales 销售部',
    });
    expect(JSON.stringify(workspace.toJSON())).not.toContain(sales.password);
    reader.destroy();
  });

  it('progress needs the mailbox grant', async () => {
    const ok = await relay.api('/api/bridge/mailboxes/sales/progress', { cookie: admin.cookie });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { progress: { done: number; total: number } }).progress).toMatchObject({
      done: 1,
      total: 1,
    });
    expect((await relay.api('/api/bridge/mailboxes/sales/progress', { cookie: member.cookie })).status).toBe(
      403,
    );
  });

  it('pausing stops the sync; removing deletes the mailbox and its public part', async () => {
    const paused = await relay.api('/api/bridge/mailboxes/sales', {
      cookie: admin.cookie,
      method: 'PATCH',
      json: { paused: true },
    });
    expect(paused.status).toBe(200);
    expect(bridge.progress().find((p) => p.mailboxId === 'sales')).toBeUndefined();
    const removed = await relay.api('/api/bridge/mailboxes/sales', {
      cookie: admin.cookie,
      method: 'DELETE',
      json: {},
    });
    expect(removed.status).toBe(204);
    expect(bridge.store.getMailbox('sales')).toBeUndefined();
    const reader = createSyncClient({ url: `${relay.wsUrl}/sync`, token: admin.session });
    const workspace = new Y.Doc();
    reader.attach('workspace', workspace);
    await waitFor(() => reader.isSynced('workspace'), 'workspace synced');
    expect(workspaceTable(workspace, 'mailboxes').has('sales')).toBe(false);
    reader.destroy();
  });
});
