// First-run setup, login, logout and "who am I".
import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { sessionFromCookieHeader, type Auth, type User } from '../auth/index.ts';
import { HttpError } from './errors.ts';
import { ALL_ROLES, currentUser, requireRole, type RelayEnv } from './guard.ts';
import type { MemberEvents } from './member-events.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import * as v from './validate.ts';

export const userJson = ({ id, email, name, role, mailboxes }: User) => ({
  id,
  email,
  name,
  role,
  mailboxes,
});

export function clientIp(c: Context): string {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming?.socket.remoteAddress ?? 'unknown';
}

export function accountRoutes(auth: Auth, events: MemberEvents): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();

  app.get('/setup', (c) => c.json({ needsSetup: auth.needsSetup() }));

  app.post('/setup', async (c) => {
    if (!auth.needsSetup()) throw new HttpError('already_set_up');
    const body = await v.readJson(c);
    const input = {
      workspaceName: v.text(body, 'workspaceName'),
      name: v.text(body, 'name'),
      email: v.email(body),
      password: v.password(body),
    };
    const { user, session } = await auth.setup(input);
    await events.changed(user, { workspaceName: input.workspaceName });
    setSessionCookie(c, session);
    return c.json({ user: userJson(user) }, 201);
  });

  app.post('/login', async (c) => {
    const body = await v.readJson(c);
    const { user, session } = await auth.login({
      email: v.text(body, 'email', 254),
      password: v.loginPassword(body),
      ip: clientIp(c),
    });
    setSessionCookie(c, session);
    return c.json({ user: userJson(user) });
  });

  app.post('/logout', (c) => {
    const session = sessionFromCookieHeader(c.req.header('cookie'));
    if (session) auth.logout(session);
    clearSessionCookie(c);
    return c.json({ ok: true });
  });

  app.get('/me', requireRole(...ALL_ROLES), (c) => c.json({ user: userJson(currentUser(c)) }));

  return app;
}
