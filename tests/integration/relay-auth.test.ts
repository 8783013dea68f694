// The REST half of the relay's auth, against a real relay (port 0, real SQLite in a temp dir).
import { describe, expect, it } from 'vitest';
import { requireMailbox } from '@wharf/relay';
import { sessionFrom, startRelay } from '../helpers/relay.ts';

const setupBody = {
  workspaceName: '宁波外贸',
  name: 'Ada',
  email: 'ada@example.com',
  password: 'correct horse',
};

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  return body.error.code;
}

describe('first run', () => {
  it('needs setup, creates the admin with a session cookie, then refuses a second setup', async () => {
    await using relay = await startRelay();
    expect(await (await relay.api('/api/setup')).json()).toEqual({ needsSetup: true });

    const created = await relay.api('/api/setup', { json: setupBody });
    expect(created.status).toBe(201);
    const cookie = created.headers.getSetCookie().find((c) => c.startsWith('wharf_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const { user } = (await created.json()) as { user: { role: string; email: string } };
    expect(user).toMatchObject({ role: 'admin', email: 'ada@example.com', mailboxes: [] });

    expect(await (await relay.api('/api/setup')).json()).toEqual({ needsSetup: false });
    const again = await relay.api('/api/setup', { json: { ...setupBody, email: 'eve@example.com' } });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('already_set_up');

    const me = await relay.api('/api/me', { cookie: `wharf_session=${sessionFrom(created)}` });
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('Ada');
  });

  it('validates setup input with a clear reason', async () => {
    await using relay = await startRelay();
    const short = await relay.api('/api/setup', { json: { ...setupBody, password: 'short' } });
    expect(short.status).toBe(400);
    const body = (await short.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'invalid_input' });
    expect(body.error.message).toContain('password');
    expect((await relay.api('/api/setup', { json: { ...setupBody, email: 'not-an-email' } })).status).toBe(
      400,
    );
    expect((await relay.api('/api/setup', { json: [1, 2] })).status).toBe(400);
    expect(await (await relay.api('/api/setup')).json()).toEqual({ needsSetup: true });
  });
});

describe('login', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const ok = await relay.api('/api/login', { json: { email: admin.email, password: admin.password } });
    expect(ok.status).toBe(200);
    const session = sessionFrom(ok);
    expect(session).not.toBe(admin.session);
    expect((await relay.api('/api/me', { cookie: `wharf_session=${session}` })).status).toBe(200);

    const bad = await relay.api('/api/login', { json: { email: admin.email, password: 'wrong password' } });
    expect(bad.status).toBe(401);
    expect(await errorCode(bad)).toBe('invalid_credentials');
    expect(bad.headers.getSetCookie()).toEqual([]);
  });

  it('rate limits repeated failures with Retry-After', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const attempt = (password: string) => relay.api('/api/login', { json: { email: admin.email, password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).status).toBe(401);
    const limited = await attempt(admin.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('logout ends the session', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const out = await relay.api('/api/logout', { cookie: admin.cookie, json: {} });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/wharf_session=;/);
    expect((await relay.api('/api/me', { cookie: admin.cookie })).status).toBe(401);
  });
});

describe('invites', () => {
  it('invite → accept → member with the invite role and grants', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const created = await relay.api('/api/invites', {
      cookie: admin.cookie,
      json: { email: 'bo@example.com', role: 'member', mailboxes: ['sales'] },
    });
    expect(created.status).toBe(201);
    const { token, url } = (await created.json()) as { token: string; url: string };
    expect(url).toBe(`${relay.url}/invite/${token}`);
    expect(await (await relay.api(`/api/invites/${token}`)).json()).toEqual({
      email: 'bo@example.com',
      role: 'member',
      valid: true,
    });

    const json = { name: 'Bo 王', email: 'bo@example.com', password: 'pw-123456' };
    const accepted = await relay.api(`/api/invites/${token}/accept`, { json });
    expect(accepted.status).toBe(201);
    const me = await relay.api('/api/me', { cookie: `wharf_session=${sessionFrom(accepted)}` });
    expect(((await me.json()) as { user: unknown }).user).toMatchObject({
      name: 'Bo 王',
      role: 'member',
      mailboxes: ['sales'],
    });

    const reused = await relay.api(`/api/invites/${token}/accept`, {
      json: { ...json, email: 'cy@example.com' },
    });
    expect(reused.status).toBe(410);
    expect(((await (await relay.api(`/api/invites/${token}`)).json()) as { valid: boolean }).valid).toBe(
      false,
    );
  });

  it('members cannot invite; managers cannot invite admins', async () => {
    await using relay = await startRelay();
    const member = await relay.member({ mailboxes: ['sales'] });
    const manager = await relay.member({ role: 'manager', mailboxes: ['sales'] });
    const invite = (cookie: string, role: string, mailboxes: string[]) =>
      relay.api('/api/invites', { cookie, json: { role, mailboxes } });
    expect((await invite(member.cookie, 'member', [])).status).toBe(403);
    expect((await invite(manager.cookie, 'admin', [])).status).toBe(403);
    expect((await invite(manager.cookie, 'member', ['info'])).status).toBe(403);
    expect((await invite(manager.cookie, 'member', ['sales'])).status).toBe(201);
  });
});

describe('members', () => {
  it('lists members to anyone signed in, changes and revokes for admins only', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const member = await relay.member({ mailboxes: ['sales'] });

    const list = await relay.api('/api/members', { cookie: member.cookie });
    const { members } = (await list.json()) as { members: { id: string; active: boolean }[] };
    expect(members.map((m) => m.id).sort()).toEqual([admin.id, member.id].sort());
    expect(JSON.stringify(members)).not.toMatch(/password|hash|session/i);

    const patch = (cookie: string, json: unknown) =>
      relay.api(`/api/members/${member.id}`, { method: 'PATCH', cookie, json });
    expect((await patch(member.cookie, { role: 'admin' })).status).toBe(403);
    const changed = await patch(admin.cookie, { role: 'manager', mailboxes: ['sales', 'info'] });
    expect(((await changed.json()) as { member: unknown }).member).toMatchObject({
      role: 'manager',
      mailboxes: ['info', 'sales'],
    });
    expect((await patch(admin.cookie, { role: 'owner' })).status).toBe(400);

    expect(
      (await relay.api(`/api/members/${admin.id}/revoke`, { cookie: member.cookie, json: {} })).status,
    ).toBe(403);
    expect(
      (await relay.api(`/api/members/${admin.id}/revoke`, { cookie: admin.cookie, json: {} })).status,
    ).toBe(409);
    const revoked = await relay.api(`/api/members/${member.id}/revoke`, { cookie: admin.cookie, json: {} });
    expect(((await revoked.json()) as { member: { active: boolean } }).member.active).toBe(false);
    expect((await relay.api('/api/me', { cookie: member.cookie })).status).toBe(401);
    const relogin = await relay.api('/api/login', {
      json: { email: member.email, password: member.password },
    });
    expect(relogin.status).toBe(401);
  });

  it('service tokens are admin-only and authenticate as a service', async () => {
    await using relay = await startRelay();
    const member = await relay.member();
    expect(
      (await relay.api('/api/service-tokens', { cookie: member.cookie, json: { name: 'x' } })).status,
    ).toBe(403);
    const token = await relay.serviceToken();
    expect((await relay.api('/api/members', { token })).status).toBe(200);
    // A service is not a person: person-only routes stay closed to it.
    expect((await relay.api('/api/me', { token })).status).toBe(403);
    expect((await relay.api('/api/members', { token: 'wst_forged' })).status).toBe(401);
  });
});

describe('request hygiene', () => {
  it('anonymous requests get 401 on every protected route', async () => {
    await using relay = await startRelay();
    const member = await relay.member();
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/members'],
      ['POST', '/api/invites'],
      ['PATCH', `/api/members/${member.id}`],
      ['POST', `/api/members/${member.id}/revoke`],
      ['POST', '/api/service-tokens'],
    ] as const) {
      const json = method === 'GET' ? undefined : { role: 'member', mailboxes: [] };
      const response = await relay.api(path, { method, json });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it('refuses cookie mutations without JSON or from another origin (CSRF)', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const form = await relay.api('/api/service-tokens', {
      method: 'POST',
      cookie: admin.cookie,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const crossSite = await relay.api('/api/service-tokens', {
      cookie: admin.cookie,
      json: { name: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(await errorCode(crossSite)).toBe('bad_origin');
    const sameSite = await relay.api('/api/service-tokens', {
      cookie: admin.cookie,
      json: { name: 'x' },
      headers: { origin: relay.url },
    });
    expect(sameSite.status).toBe(201);
  });

  it('sets security headers and refuses oversized bodies', async () => {
    await using relay = await startRelay();
    const response = await relay.api('/api/setup');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const huge = await relay.api('/api/login', { json: { email: 'a@b.c', password: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(413);
    expect((await relay.api('/api/nothing-here')).status).toBe(404);
  });
});

describe('mounted routes', () => {
  it('extra routes get the same identity and mailbox checks', async () => {
    await using relay = await startRelay({
      routes: (app) =>
        app.get(
          '/api/mailboxes/:mailboxId/probe',
          requireMailbox((c) => c.req.param('mailboxId')),
          (c) => c.json({ ok: true }),
        ),
    });
    const admin = await relay.admin();
    const member = await relay.member({ mailboxes: ['sales'] });
    const token = await relay.serviceToken();
    const probe = (mailbox: string, auth: { cookie?: string; token?: string }) =>
      relay.api(`/api/mailboxes/${mailbox}/probe`, auth).then((r) => r.status);
    expect(await probe('sales', {})).toBe(401);
    expect(await probe('sales', { cookie: member.cookie })).toBe(200);
    expect(await probe('info', { cookie: member.cookie })).toBe(403);
    expect(await probe('info', { cookie: admin.cookie })).toBe(200);
    expect(await probe('info', { token })).toBe(200);
  });
});
