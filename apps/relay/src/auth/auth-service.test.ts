import { DatabaseSync } from 'node:sqlite';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { docAccess, mailboxId, type Principal } from '@wharf/model';
import { AuthError } from './auth-errors.ts';
import { createAuth } from './auth-service.ts';

const DAY = 86_400_000;

function setup() {
  let now = 1_700_000_000_000;
  const auth = createAuth({ db: new DatabaseSync(':memory:'), clock: { now: () => now } });
  return { auth, advance: (ms: number) => (now += ms) };
}

const upgrade = (headers: Record<string, string>, url = '/sync'): IncomingMessage =>
  ({ headers, url }) as unknown as IncomingMessage;

const admin = {
  workspaceName: 'Acme 外贸',
  name: 'Ada',
  email: 'Ada@Example.com',
  password: 'correct horse',
};

async function refused(promise: Promise<unknown> | (() => unknown), code: string) {
  const run = typeof promise === 'function' ? Promise.resolve().then(promise) : promise;
  await expect(run).rejects.toSatisfy((e) => e instanceof AuthError && e.code === code);
}

describe('auth service', () => {
  it('needs setup until the first admin exists, and only once', async () => {
    const { auth } = setup();
    expect(auth.needsSetup()).toBe(true);
    const { user, session } = await auth.setup(admin);
    expect(user).toMatchObject({ role: 'admin', email: 'ada@example.com', active: true });
    expect(auth.needsSetup()).toBe(false);
    expect(auth.workspaceName()).toBe('Acme 外贸');
    expect(auth.callerFor({ session })).toEqual({ kind: 'user', user });
    await refused(auth.setup({ ...admin, email: 'eve@example.com' }), 'already_set_up');
  });

  it('logs in with the right password only, case-insensitive email', async () => {
    const { auth } = setup();
    await auth.setup(admin);
    const { user } = await auth.login({ email: ' ADA@example.com ', password: 'correct horse', ip: '1' });
    expect(user.name).toBe('Ada');
    await refused(
      auth.login({ email: 'ada@example.com', password: 'wrong', ip: '1' }),
      'invalid_credentials',
    );
    await refused(auth.login({ email: 'nobody@example.com', password: 'x', ip: '1' }), 'invalid_credentials');
  });

  it('rate limits failed logins per email and IP', async () => {
    const { auth, advance } = setup();
    await auth.setup(admin);
    const attempt = (password: string, ip = '1') => auth.login({ email: admin.email, password, ip });
    for (let i = 0; i < 5; i++) await refused(attempt('wrong'), 'invalid_credentials');
    await refused(attempt('correct horse'), 'rate_limited');
    await expect(attempt('correct horse', '2')).resolves.toBeDefined();
    advance(15 * 60_000);
    await expect(attempt('correct horse')).resolves.toBeDefined();
  });

  it('expires sessions and ends them on logout', async () => {
    const { auth, advance } = setup();
    const { session } = await auth.setup(admin);
    const other = await auth.login({ email: admin.email, password: admin.password, ip: '1' });
    auth.logout(other.session);
    expect(auth.callerFor({ session: other.session })).toBeUndefined();
    expect(auth.callerFor({ session })).toBeDefined();
    advance(30 * DAY);
    expect(auth.callerFor({ session })).toBeUndefined();
  });

  it('invites are single use, expire, and carry role and grants', async () => {
    const { auth, advance } = setup();
    const { user: ada } = await auth.setup(admin);
    const token = auth.createInvite(ada, { role: 'member', mailboxes: [mailboxId('sales')] });
    expect(auth.inviteInfo(token)).toEqual({ email: undefined, role: 'member', valid: true });
    const { user } = await auth.acceptInvite(token, {
      name: 'Bo',
      email: 'bo@example.com',
      password: 'pw123456',
    });
    expect(user).toMatchObject({ role: 'member', mailboxes: ['sales'] });
    expect(auth.inviteInfo(token)?.valid).toBe(false);
    await refused(
      auth.acceptInvite(token, { name: 'Cy', email: 'cy@example.com', password: 'pw123456' }),
      'invite_invalid',
    );
    const late = auth.createInvite(ada, { role: 'member', mailboxes: [] });
    advance(7 * DAY);
    await refused(
      auth.acceptInvite(late, { name: 'Cy', email: 'cy@example.com', password: 'pw123456' }),
      'invite_invalid',
    );
  });

  it('an invite for an email cannot be taken by another email', async () => {
    const { auth } = setup();
    const { user: ada } = await auth.setup(admin);
    const token = auth.createInvite(ada, { email: 'bo@example.com', role: 'member', mailboxes: [] });
    await refused(
      auth.acceptInvite(token, { name: 'Eve', email: 'eve@example.com', password: 'pw123456' }),
      'invite_email_mismatch',
    );
  });

  it('managers cannot invite admins or grant mailboxes they lack', async () => {
    const { auth } = setup();
    const { user: ada } = await auth.setup(admin);
    const t = auth.createInvite(ada, { role: 'manager', mailboxes: [mailboxId('sales')] });
    const { user: mia } = await auth.acceptInvite(t, {
      name: 'Mia',
      email: 'mia@example.com',
      password: 'pw123456',
    });
    await refused(() => auth.createInvite(mia, { role: 'admin', mailboxes: [] }), 'role_not_allowed');
    await refused(
      () => auth.createInvite(mia, { role: 'member', mailboxes: [mailboxId('info')] }),
      'mailbox_not_allowed',
    );
    expect(auth.createInvite(mia, { role: 'member', mailboxes: [mailboxId('sales')] })).toBeTruthy();
  });

  it('revoking kills sessions and keeps the last admin', async () => {
    const { auth } = setup();
    const { user: ada } = await auth.setup(admin);
    const t = auth.createInvite(ada, { role: 'member', mailboxes: [] });
    const bo = await auth.acceptInvite(t, { name: 'Bo', email: 'bo@example.com', password: 'pw123456' });
    expect(auth.revokeUser(bo.user.id).active).toBe(false);
    expect(auth.callerFor({ session: bo.session })).toBeUndefined();
    await refused(
      auth.login({ email: 'bo@example.com', password: 'pw123456', ip: '1' }),
      'invalid_credentials',
    );
    await refused(() => auth.revokeUser(ada.id), 'last_admin');
    await refused(() => auth.updateUser(ada.id, { role: 'member' }), 'last_admin');
  });

  it('authenticates upgrades by cookie, bearer or query token, as a principal', async () => {
    const { auth } = setup();
    const { user, session } = await auth.setup(admin);
    const service = auth.createServiceToken('mail-bridge');
    const byCookie = await auth.authenticate(upgrade({ cookie: `a=b; wharf_session=${session}` }));
    expect(byCookie).toMatchObject({ kind: 'user', userId: user.id, role: 'admin' });
    expect(await auth.authenticate(upgrade({ authorization: `Bearer ${service}` }))).toEqual({
      kind: 'service',
      name: 'mail-bridge',
    });
    const byQuery = await auth.authenticate(upgrade({}, `/y/workspace?token=${encodeURIComponent(service)}`));
    expect(byQuery?.kind).toBe('service');
    expect(await auth.authenticate(upgrade({ cookie: 'wharf_session=forged' }))).toBeUndefined();
    expect(await auth.authenticate(upgrade({}))).toBeUndefined();
  });

  it('grants from the store decide doc access', async () => {
    const { auth } = setup();
    const { user: ada } = await auth.setup(admin);
    const t = auth.createInvite(ada, { role: 'member', mailboxes: [mailboxId('sales')] });
    const { session, user } = await auth.acceptInvite(t, {
      name: 'Bo',
      email: 'bo@example.com',
      password: 'pw123456',
    });
    auth.updateUser(user.id, { mailboxes: [mailboxId('info')] });
    const principal = (await auth.authenticate(upgrade({ cookie: `wharf_session=${session}` }))) as Principal;
    const thread = (m: string) => ({ kind: 'thread', mailboxId: mailboxId(m), threadId: 't1' }) as never;
    expect(docAccess(principal, thread('info'))).toBe('write');
    expect(docAccess(principal, thread('sales'))).toBe('none');
    expect(docAccess(principal, { kind: 'workspace' })).toBe('read');
  });
});
