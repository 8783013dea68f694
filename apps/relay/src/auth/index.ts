export {
  createAuth,
  principalOf,
  type Auth,
  type Caller,
  type SignedIn,
  type InviteRequest,
} from './auth-service.ts';
export { AuthError, type AuthErrorCode } from './auth-errors.ts';
export { SESSION_COOKIE, sessionFromCookieHeader, bearerFromHeader } from './credentials.ts';
export { createLoginRateLimiter, type Clock, type LoginRateLimiter } from './rate-limit.ts';
export type { User } from './users.ts';
export { createWorkspaceMembers, memberEntry, type WorkspaceMembers } from './workspace-members.ts';
