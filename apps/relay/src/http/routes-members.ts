// Members: everyone may list them; only admins change roles and grants or revoke.
import { Hono } from 'hono';
import type { Auth, User } from '../auth/index.ts';
import { HttpError } from './errors.ts';
import { requireCaller, requireRole, type RelayEnv } from './guard.ts';
import type { MemberEvents } from './member-events.ts';
import * as v from './validate.ts';

const memberJson = ({ id, email, name, role, mailboxes, active }: User) => ({
  id,
  email,
  name,
  role,
  mailboxes,
  active,
});

export function memberRoutes(auth: Auth, events: MemberEvents): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();

  app.get('/members', requireCaller, (c) => c.json({ members: auth.listUsers().map(memberJson) }));

  app.patch('/members/:id', requireRole('admin'), async (c) => {
    const body = await v.readJson(c);
    const role = v.optional(body, 'role', v.role);
    const mailboxes = v.optional(body, 'mailboxes', v.mailboxes);
    if (role === undefined && mailboxes === undefined)
      throw new HttpError('invalid_input', 'send role or mailboxes. 请提供 role 或 mailboxes');
    const before = auth.getUser(c.req.param('id'));
    const after = auth.updateUser(before.id, { role, mailboxes });
    const accessChanged =
      after.role !== before.role ||
      after.mailboxes.length !== before.mailboxes.length ||
      before.mailboxes.some((m) => !after.mailboxes.includes(m));
    await events.changed(after, { accessChanged });
    return c.json({ member: memberJson(after) });
  });

  app.post('/members/:id/revoke', requireRole('admin'), async (c) => {
    const user = auth.revokeUser(c.req.param('id'));
    await events.changed(user, { revoked: true });
    return c.json({ member: memberJson(user) });
  });

  return app;
}
