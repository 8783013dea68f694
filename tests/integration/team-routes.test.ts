// The team page's relay routes: a hand-over dry run (the plan the manager confirms, nothing moved
// or revoked) and out of office set by the member or a manager, written into the workspace doc.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  counterIds,
  customerId,
  customerView,
  docName,
  isOutOfOffice,
  setCustomerFields,
  userActor,
  userId,
} from '@wharf/model';
import { createSyncClient, type SyncClient } from '@wharf/sync';
import { startRelay, type TestRelay, type TestUser } from '../helpers/relay.ts';
import { waitFor } from '../helpers/poll.ts';

describe('team routes', () => {
  let relay: TestRelay;
  let admin: TestUser;
  let manager: TestUser;
  let anna: TestUser;
  let bo: TestUser;
  let writer: SyncClient;
  const workspace = new Y.Doc();
  const customer = new Y.Doc();

  beforeAll(async () => {
    relay = await startRelay();
    admin = await relay.admin();
    manager = await relay.member({ name: 'Mia', role: 'manager' });
    anna = await relay.member({ name: 'Anna', mailboxes: ['sales'] });
    bo = await relay.member({ name: 'Bo', mailboxes: ['sales'] });
    writer = createSyncClient({ url: `${relay.wsUrl}/sync`, token: admin.session });
    writer.attach(docName({ kind: 'workspace' }), workspace);
    writer.attach(docName({ kind: 'customer', customerId: customerId('d-acme.de') }), customer);
    setCustomerFields(
      customer,
      { id: customerId('d-acme.de'), name: 'ACME', ownerId: userId(anna.id) },
      { deps: { now: () => Date.now(), newId: counterIds('admin') }, actor: userActor(userId(admin.id)) },
    );
    await waitFor(() => writer.pendingCount === 0, 'customer stored');
  }, 120_000);

  afterAll(async () => {
    writer?.destroy();
    await relay?.dispose();
  });

  it('a hand-over dry run answers the plan and changes nothing', async () => {
    const response = await relay.api(`/api/members/${anna.id}/hand-over`, {
      cookie: manager.cookie,
      json: { to: bo.id, dryRun: true },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      dryRun: true,
      moved: null,
      planned: { customers: 1, threads: 0, tasks: 0, snoozes: 0, drafts: 0, outbox: 0 },
      member: { id: anna.id, active: true },
    });
    expect((body['summary'] as { en: string }).en).toBe(
      'Anna → Bo: 1 customer, 0 open threads, 0 tasks, 0 snoozes, 0 drafts, 0 scheduled messages',
    );
    const members = (await (await relay.api('/api/members', { cookie: admin.cookie })).json()) as {
      members: { id: string; active: boolean }[];
    };
    expect(members.members.find((m) => m.id === anna.id)?.active).toBe(true);
    expect(customerView(customer).profile.ownerId).toBe(anna.id);
  });

  it('refuses a dry run flag that is not a boolean, in both languages', async () => {
    const response = await relay.api(`/api/members/${anna.id}/hand-over`, {
      cookie: manager.cookie,
      json: { to: bo.id, dryRun: 'yes' },
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toContain('dryRun must be true or false');
    expect(error.message).toContain('必须是 true 或 false');
  });

  it('lets a member mark themselves out of office, a manager mark anyone, and no member mark another', async () => {
    const self = await relay.api(`/api/members/${anna.id}/out-of-office`, {
      method: 'PUT',
      cookie: anna.cookie,
      json: { away: true },
    });
    expect(self.status).toBe(200);
    expect(await self.json()).toEqual({ member: { id: anna.id, away: true } });
    await waitFor(() => isOutOfOffice(workspace, userId(anna.id), Date.now()), 'absence synced');

    const other = await relay.api(`/api/members/${bo.id}/out-of-office`, {
      method: 'PUT',
      cookie: anna.cookie,
      json: { away: true },
    });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toContain(
      '只有本人或经理',
    );

    const byManager = await relay.api(`/api/members/${anna.id}/out-of-office`, {
      method: 'PUT',
      cookie: manager.cookie,
      json: { away: false },
    });
    expect(await byManager.json()).toEqual({ member: { id: anna.id, away: false } });
    await waitFor(() => !isOutOfOffice(workspace, userId(anna.id), Date.now()), 'return synced');
    expect(isOutOfOffice(workspace, userId(bo.id), Date.now())).toBe(false);

    const unsigned = await relay.api(`/api/members/${anna.id}/out-of-office`, {
      method: 'PUT',
      json: { away: true },
    });
    expect(unsigned.status).toBe(401);
  });
});
