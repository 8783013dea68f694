// The auth matrix on the websocket side: /sync and /y/<doc> upgrades and every subscribe/update,
// against a real relay. A tiny wire client speaks packages/sync's protocol directly.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@wharf/sync';
import { startRelay, upgradeStatus, WireClient, type TestRelay } from '../helpers/relay.ts';

const connect = (relay: TestRelay, headers: Record<string, string>) =>
  WireClient.connect(`${relay.wsUrl}/sync`, headers);

function someUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('settings').set('signature', 'hacked');
  return Y.encodeStateAsUpdate(doc);
}

describe('relay auth on websockets', () => {
  it('refuses anonymous and forged upgrades with 401', async () => {
    await using relay = await startRelay();
    await relay.admin();
    expect(await upgradeStatus(`${relay.wsUrl}/sync`)).toBe(401);
    expect(await upgradeStatus(`${relay.wsUrl}/y/workspace`)).toBe(401);
    expect(await upgradeStatus(`${relay.wsUrl}/sync`, { cookie: 'wharf_session=forged' })).toBe(401);
    expect(await upgradeStatus(`${relay.wsUrl}/sync?token=wst_forged`)).toBe(401);
    expect(await upgradeStatus(`${relay.wsUrl}/elsewhere`)).toBe(404);
  });

  it('denies a member the thread and index docs of a mailbox they are not granted', async () => {
    await using relay = await startRelay();
    const member = await relay.member({ mailboxes: ['info'] });
    const client = await connect(relay, { cookie: member.cookie });
    expect(await client.subscribe('thread/sales/t1')).toMatchObject({ type: 'denied', code: 'forbidden' });
    expect(await client.subscribe('index/sales/hot')).toMatchObject({ type: 'denied', code: 'forbidden' });
    expect(await client.subscribe('thread/info/t1')).toMatchObject({ type: 'subscribed', access: 'write' });
    expect(await client.subscribe('index/info/hot')).toMatchObject({ type: 'subscribed', access: 'write' });
    client.close();
    expect(await upgradeStatus(`${relay.wsUrl}/y/thread/sales/t1`, { cookie: member.cookie })).not.toBe(101);
    expect(await upgradeStatus(`${relay.wsUrl}/y/thread/info/t1`, { cookie: member.cookie })).toBe(101);
  });

  it('closes a revoked user’s open socket with the revoked code and refuses their session after', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const member = await relay.member({ mailboxes: ['sales'] });
    const client = await connect(relay, { cookie: member.cookie });
    expect(await client.subscribe('thread/sales/t1')).toMatchObject({ type: 'subscribed' });

    const revoked = await relay.api(`/api/members/${member.id}/revoke`, { cookie: admin.cookie, json: {} });
    expect(revoked.status).toBe(200);
    expect((await client.closed).code).toBe(CLOSE.REVOKED.code);
    expect(await upgradeStatus(`${relay.wsUrl}/sync`, { cookie: member.cookie })).toBe(401);
  });

  it('a change of grants closes the member’s sockets; the reconnect gets the new grants', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const member = await relay.member({ mailboxes: ['sales'] });
    const client = await connect(relay, { cookie: member.cookie });
    expect(await client.subscribe('thread/sales/t1')).toMatchObject({ type: 'subscribed' });
    const patched = await relay.api(`/api/members/${member.id}`, {
      method: 'PATCH',
      cookie: admin.cookie,
      json: { mailboxes: ['info'] },
    });
    expect(patched.status).toBe(200);
    expect((await client.closed).code).toBe(CLOSE.ACCESS_CHANGED.code);

    const again = await connect(relay, { cookie: member.cookie });
    expect(await again.subscribe('thread/sales/t1')).toMatchObject({ type: 'denied', code: 'forbidden' });
    expect(await again.subscribe('thread/info/t1')).toMatchObject({ type: 'subscribed' });
    again.close();
  });

  it('lets a service token in by bearer header or query, with write access to every mailbox', async () => {
    await using relay = await startRelay();
    const token = await relay.serviceToken();
    const client = await connect(relay, { authorization: `Bearer ${token}` });
    expect(await client.subscribe('thread/sales/t1')).toMatchObject({ type: 'subscribed', access: 'write' });
    expect(await client.subscribe('workspace')).toMatchObject({ type: 'subscribed', access: 'write' });
    client.close();
    const byQuery = await WireClient.connect(`${relay.wsUrl}/sync?token=${encodeURIComponent(token)}`);
    expect(await byQuery.subscribe('index/info/hot')).toMatchObject({ type: 'subscribed', access: 'write' });
    byQuery.close();
  });

  it('lets members read but not write the workspace doc; admins write it', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const member = await relay.member();
    const client = await connect(relay, { cookie: member.cookie });
    expect(await client.subscribe('workspace')).toMatchObject({ type: 'subscribed', access: 'read' });
    client.send({ type: 'update', doc: 'workspace', ref: 1, update: someUpdate() });
    expect(await client.next('rejected', 'workspace')).toMatchObject({ ref: 1, code: 'read_only' });
    client.close();

    const adminClient = await connect(relay, { cookie: admin.cookie });
    expect(await adminClient.subscribe('workspace')).toMatchObject({ type: 'subscribed', access: 'write' });
    adminClient.send({ type: 'update', doc: 'workspace', ref: 1, update: someUpdate() });
    expect(await adminClient.next('ack', 'workspace')).toMatchObject({ ref: 1 });
    adminClient.close();
  });

  it('mirrors members into the workspace doc without credentials', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const member = await relay.member({ name: 'Bo 王' });
    await relay.api(`/api/members/${member.id}/revoke`, { cookie: admin.cookie, json: {} });

    const token = await relay.serviceToken();
    const client = await connect(relay, { authorization: `Bearer ${token}` });
    expect(await client.subscribe('workspace')).toMatchObject({ type: 'subscribed' });
    const { update } = await client.next('sync-step2', 'workspace');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const members = doc.getMap('members').toJSON();
    expect(members[admin.id]).toEqual({
      id: admin.id,
      name: 'Admin',
      email: admin.email,
      role: 'admin',
      active: true,
    });
    expect(members[member.id]).toMatchObject({ name: 'Bo 王', role: 'member', active: false });
    expect(JSON.stringify(members)).not.toMatch(/password|scrypt|session/i);
    expect(doc.getMap('settings').get('name')).toBe('Test workspace');
    client.close();
  });
});
