// Who is calling, and may they: every /api route states the roles it allows.
import type { Context, MiddlewareHandler } from 'hono';
import { canReadMailbox, isValidId, type MailboxId, type Role } from '@wharf/model';
import {
  bearerFromHeader,
  principalOf,
  sessionFromCookieHeader,
  type Auth,
  type Caller,
  type User,
} from '../auth/index.ts';
import { errorResponse } from './errors.ts';

export interface RelayEnv {
  Variables: { caller: Caller | undefined };
}

export function identify(auth: Auth): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    c.set(
      'caller',
      auth.callerFor({
        session: sessionFromCookieHeader(c.req.header('cookie')),
        bearer: bearerFromHeader(c.req.header('authorization')),
      }),
    );
    await next();
  };
}

/** Any signed-in person or service. */
export const requireCaller: MiddlewareHandler<RelayEnv> = async (c, next) => {
  if (!c.get('caller')) return errorResponse(c, 'unauthenticated');
  await next();
};

/** A signed-in person with one of these roles (services are not people and are refused). */
export function requireRole(...roles: Role[]): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    const caller = c.get('caller');
    if (!caller) return errorResponse(c, 'unauthenticated');
    if (caller.kind !== 'user' || !roles.includes(caller.user.role)) return errorResponse(c, 'forbidden');
    await next();
  };
}

export function currentUser(c: Context<RelayEnv>): User {
  const caller = c.get('caller');
  if (caller?.kind !== 'user') throw new Error('route is missing requireRole');
  return caller.user;
}

export const ALL_ROLES: Role[] = ['admin', 'manager', 'member'];

/**
 * A caller who may read the mailbox named by the request (services and admins always may):
 * for routes that serve mailbox content, e.g. the bridge's message bodies and attachments.
 */
export function requireMailbox(
  mailboxOf: (c: Context<RelayEnv>) => string | undefined,
): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    const caller = c.get('caller');
    if (!caller) return errorResponse(c, 'unauthenticated');
    const mailbox = mailboxOf(c);
    if (mailbox === undefined || !isValidId(mailbox)) return errorResponse(c, 'not_found');
    if (!canReadMailbox(principalOf(caller), mailbox as MailboxId)) return errorResponse(c, 'forbidden');
    await next();
  };
}

/** 503 until `isReady()`: for routes whose backing service starts after the relay listens. */
export function requireReady(isReady: () => boolean): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    if (!isReady()) return errorResponse(c, 'unavailable');
    await next();
  };
}

/**
 * The mailboxes the caller may read, following the model's access policy: 'all' for admins and
 * services, a member's or manager's grants otherwise; undefined without a caller. For routes that
 * search across mailboxes, where no single mailbox in the request can be guarded.
 */
export function callerMailboxes(c: Context<RelayEnv>): 'all' | readonly MailboxId[] | undefined {
  const caller = c.get('caller');
  if (!caller) return undefined;
  if (caller.kind === 'service' || caller.user.role === 'admin') return 'all';
  return caller.user.mailboxes;
}
