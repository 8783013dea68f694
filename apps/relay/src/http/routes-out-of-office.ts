// PUT /api/members/:id/out-of-office {away}: a member marks themselves out of office (or back), or
// a manager or admin does it for them. Members may not write the workspace doc (access.ts), so the
// relay writes the absence row with the model's `setOutOfOffice`, building on the stored state and
// publishing just the difference (the hand-over pattern).
import { Hono } from 'hono';
import * as Y from 'yjs';
import { docName, isOutOfOffice, setOutOfOffice, userActor, userId as toUserId } from '@wharf/model';
import { HttpError } from './errors.ts';
import { currentUser, requireRole, ALL_ROLES, type RelayEnv } from './guard.ts';
import type { HandOverDeps } from './hand-over-member.ts';
import * as v from './validate.ts';

export function outOfOfficeRoutes(deps: HandOverDeps): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();

  app.put('/members/:id/out-of-office', requireRole(...ALL_ROLES), async (c) => {
    const caller = currentUser(c);
    const body = await v.readJson(c);
    const away = v.boolean(body, 'away');
    const member = deps.auth.getUser(c.req.param('id'));
    if (member.id !== caller.id && caller.role === 'member')
      throw new HttpError(
        'forbidden',
        'only the member themselves or a manager sets out of office. 只有本人或经理可以设置外出状态',
      );
    if (!member.active) throw new HttpError('invalid_input', 'this member has left. 该成员已离开');
    const name = docName({ kind: 'workspace' });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await deps.store.load(name));
    const before = Y.encodeStateVector(doc);
    const id = toUserId(member.id);
    if (setOutOfOffice(doc, id, away, { deps: deps.model, actor: userActor(toUserId(caller.id)) }))
      await deps.store.publish(name, Y.encodeStateAsUpdate(doc, before));
    return c.json({ member: { id: member.id, away: isOutOfOffice(doc, id, deps.model.now()) } });
  });

  return app;
}
