// POST /api/members/:id/hand-over {to, dryRun?}: an admin or manager moves everything of member :id
// to member `to`, revokes :id and gets a summary of what moved (hand-over-member.ts does the work).
// With `dryRun: true` nothing changes: the answer is the plan, for the manager to confirm.
import { Hono } from 'hono';
import { handOverCounts } from '@wharf/model';
import { currentUser, requireRole, type RelayEnv } from './guard.ts';
import { handOverMember, type HandOverDeps } from './hand-over-member.ts';
import * as v from './validate.ts';

export function handOverRoutes(deps: HandOverDeps): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();

  app.post('/members/:id/hand-over', requireRole('admin', 'manager'), async (c) => {
    const body = await v.readJson(c);
    const toId = v.text(body, 'to', 128);
    const dryRun = v.optional(body, 'dryRun', v.boolean) ?? false;
    const { plan, applied, member } = await handOverMember(deps, {
      fromId: c.req.param('id'),
      toId,
      by: currentUser(c),
      dryRun,
    });
    return c.json({
      dryRun,
      summary: plan.summary,
      warnings: plan.warnings,
      planned: handOverCounts(plan),
      moved: applied ?? null,
      outboxInFlight: plan.outboxInFlight,
      member: { id: member.id, name: member.name, active: member.active },
    });
  });

  return app;
}
