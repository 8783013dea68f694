// The relay's REST API and web app serving, as one hono app. Websocket upgrades never reach it
// (create-relay routes them to the sync server before hono sees the request).
import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import type { Auth } from '../auth/index.ts';
import { errorResponse, handleError } from './errors.ts';
import { identify, type RelayEnv } from './guard.ts';
import type { MemberEvents } from './member-events.ts';
import { accountRoutes } from './routes-account.ts';
import { inviteRoutes } from './routes-invites.ts';
import type { HandOverDeps } from './hand-over-member.ts';
import { handOverRoutes } from './routes-hand-over.ts';
import { approvalRoutes, type ApprovalRouteDeps } from './routes-approvals.ts';
import { outOfOfficeRoutes } from './routes-out-of-office.ts';
import { memberRoutes } from './routes-members.ts';
import { serviceTokenRoutes } from './routes-service-tokens.ts';
import { csrfDefence, securityHeaders } from './security.ts';
import { serveWebApp } from './static-files.ts';

export interface HttpAppDeps {
  auth: Auth;
  events: MemberEvents;
  /** Docs and ids for member hand-over; the route is not mounted without them. */
  handOver?: Omit<HandOverDeps, 'auth' | 'events'> | undefined;
  /** Approving outgoing mail; not mounted without it. */
  approvals?: ApprovalRouteDeps | undefined;
  /** The built web app; skipped when the folder does not exist. */
  webRoot?: string | undefined;
  /** Mounts more routes (e.g. the mail bridge's bodies) behind the same identify/CSRF middleware. */
  routes?: ((app: Hono<RelayEnv>, auth: Auth) => void) | undefined;
  log?: (message: string) => void;
}

export function createHttpApp({
  auth,
  events,
  handOver,
  approvals,
  webRoot,
  routes,
  log = console.error,
}: HttpAppDeps) {
  const app = new Hono<RelayEnv>();
  app.onError((error, c) => handleError(error, c, log));
  app.use('*', securityHeaders);
  app.use('/api/*', csrfDefence, identify(auth));
  app.route('/api', accountRoutes(auth, events));
  app.route('/api', memberRoutes(auth, events));
  if (handOver) app.route('/api', handOverRoutes({ ...handOver, auth, events }));
  if (approvals) app.route('/api', approvalRoutes(approvals));
  if (handOver) app.route('/api', outOfOfficeRoutes({ ...handOver, auth, events }));
  app.route('/api', inviteRoutes(auth, events));
  app.route('/api', serviceTokenRoutes(auth));
  routes?.(app, auth);
  app.all('/api/*', (c) => errorResponse(c, 'not_found'));
  // A plain GET on a websocket endpoint is a mistake, not a client-side route.
  app.get('/sync', (c) => c.text('Upgrade Required. 需要 WebSocket 连接', 426));
  app.get('/y/*', (c) => c.text('Upgrade Required. 需要 WebSocket 连接', 426));
  if (webRoot && existsSync(webRoot)) {
    const serve = serveWebApp(webRoot);
    app.on(['GET', 'HEAD'], '*', (c) => serve(c));
  }
  app.notFound((c) => c.text('Not found. 未找到', 404));
  return app;
}

export type { RelayEnv };
