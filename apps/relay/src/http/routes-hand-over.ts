// POST /api/members/:id/hand-over {to}: an admin or manager moves everything of member :id to
// member `to`, revokes :id and gets a summary of what moved (hand-over-member.ts does the work).
import { Hono } from 'hono';
import { currentUser, requireRole, type RelayEnv } from './guard.ts';
import { handOverMember, type HandOverDeps } from './hand-over-member.ts';
import * as v from './validate.ts';

export function handOverRoutes(deps: HandOverDeps): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();

  app.post('/members/:id/hand-over', requireRole('admin', 'manager'), async (c) => {
    const body = await v.readJson(c);
    const toId = v.text(body, 'to', 128);
    const { plan, applied, member } = await handOverMember(deps, {
      fromId: c.req.param('id'),
      toId,
      by: currentUser(c),
    });
    return c.json({
      summary: plan.summary,
      warnings: plan.warnings,
      moved: applied,
      outboxInFlight: plan.outboxInFlight,
      member: { id: member.id, name: member.name, active: member.active },
    });
  });

  return app;
}
