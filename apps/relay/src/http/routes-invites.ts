// Invite links: admins and managers create them; anyone holding the token may look and accept.
import { Hono } from 'hono';
import type { Auth } from '../auth/index.ts';
import { HttpError } from './errors.ts';
import { currentUser, requireRole, type RelayEnv } from './guard.ts';
import type { MemberEvents } from './member-events.ts';
import { userJson } from './routes-account.ts';
import { setSessionCookie } from './session-cookie.ts';
import * as v from './validate.ts';

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

function inviteToken(raw: string): string {
  if (!TOKEN.test(raw)) throw new HttpError('invite_invalid');
  return raw;
}

export function inviteRoutes(auth: Auth, events: MemberEvents): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();

  app.post('/invites', requireRole('admin', 'manager'), async (c) => {
    const body = await v.readJson(c);
    const token = auth.createInvite(currentUser(c), {
      email: v.optionalEmail(body),
      role: v.role(body),
      mailboxes: v.mailboxes(body),
    });
    const url = new URL(`/invite/${token}`, c.req.url).href;
    return c.json({ token, url }, 201);
  });

  app.get('/invites/:token', (c) => {
    const info = auth.inviteInfo(inviteToken(c.req.param('token')));
    if (!info) throw new HttpError('invite_invalid');
    return c.json({ email: info.email ?? null, role: info.role, valid: info.valid });
  });

  app.post('/invites/:token/accept', async (c) => {
    const token = inviteToken(c.req.param('token'));
    const body = await v.readJson(c);
    const { user, session } = await auth.acceptInvite(token, {
      name: v.text(body, 'name'),
      email: v.email(body),
      password: v.password(body),
    });
    await events.changed(user, {});
    setSessionCookie(c, session);
    return c.json({ user: userJson(user) }, 201);
  });

  return app;
}
