export { createHttpApp, type HttpAppDeps, type RelayEnv } from './create-http-app.ts';
export type { MemberEvents } from './member-events.ts';
export {
  callerMailboxes,
  currentUser,
  requireCaller,
  requireMailbox,
  requireReady,
  requireRole,
  ALL_ROLES,
} from './guard.ts';
export { HttpError, errorResponse } from './errors.ts';
export { CSRF_HEADER } from './security.ts';
