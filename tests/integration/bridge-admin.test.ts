// The admin's mailbox API on the relay: add with a connection test, public part published to the
// workspace doc, progress behind the mailbox grant, pause and remove; passwords never come back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceTable } from '@wharf/model';
import { createSyncClient } from '@wharf/sync';
import type { Bridge } from '@wharf/mail-bridge';
import type { EventLog } from '@wharf/mail-bridge/testing';
import { waitFor } from '../helpers/poll.ts';
import type { Dovecot } from '../helpers/dovecot.ts';
import type { TestRelay, TestUser } from '../helpers/relay.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const sales = { email: 'sales@wharf.test', password: 'very-secret-pw-1' };

describe('mailbox admin API', () => {
  let stack: Stack;
  let dovecot: Dovecot;
  let relay: TestRelay;
  let bridge: Bridge;
  let dataDir: string;
  let admin: TestUser;
  let member: TestUser;
  let log: EventLog;

  beforeAll(async () => {
    stack = await startStack({
      users: [sales],
      seed: (d) =>
        d.seed(sales.email, 'INBOX', [
          { raw: Buffer.from('Message-ID: <a@x>\r\nSubject: hello\r\nFrom: a@x.example\r\n\r\nhi\r\n') },
        ]),
      routes: true,
      // the admin adds the mailbox through the API
      bridge: { mailbox: null },
    });
    ({ dovecot, relay, bridge, dataDir, log } = stack);
    admin = await relay.admin();
    member = await relay.member({ mailboxes: ['info'] });
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
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

  it("sets how many days of a mailbox's mail count as open work, refusing what is not a number of days", async () => {
    const patch = (openDays: unknown) =>
      relay.api('/api/bridge/mailboxes/sales', { cookie: admin.cookie, method: 'PATCH', json: { openDays } });
    for (const bad of [0, -3, 2.5, '30', 4000]) {
      const refused = await patch(bad);
      expect(refused.status, String(bad)).toBe(400);
      expect(await refused.text()).toContain('openDays must be a whole number of days from 1 to 3650');
    }
    expect(bridge.store.getMailbox('sales')?.openDays).toBeUndefined();
    const saved = await patch(90);
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { mailbox: { openDays: number } }).mailbox.openDays).toBe(90);
    expect(bridge.store.getMailbox('sales')?.openDays).toBe(90);
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
