export { createRelay, type Relay, type RelayOptions } from './create-relay.ts';
export type { Auth, Caller, User, Clock } from './auth/index.ts';
export {
  callerMailboxes,
  currentUser,
  errorResponse,
  requireCaller,
  requireMailbox,
  requireReady,
  requireRole,
  CSRF_HEADER,
  type RelayEnv,
} from './http/index.ts';
export { principalOf } from './auth/index.ts';
