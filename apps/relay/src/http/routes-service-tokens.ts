import { Hono } from 'hono';
import type { Auth } from '../auth/index.ts';
import { requireRole, type RelayEnv } from './guard.ts';
import * as v from './validate.ts';

export function serviceTokenRoutes(auth: Auth): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();
  app.post('/service-tokens', requireRole('admin'), async (c) => {
    const body = await v.readJson(c);
    return c.json({ token: auth.createServiceToken(v.text(body, 'name', 100)) }, 201);
  });
  return app;
}
