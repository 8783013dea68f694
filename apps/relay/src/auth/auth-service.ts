// The relay's auth: first-run setup, password login, sessions, invites, grants, service tokens.
// Its SQLite store is the only source of truth for roles and grants (never doc content).
import type { DatabaseSync } from 'node:sqlite';
import type { IncomingMessage } from 'node:http';
import type { MailboxId, Principal, Role, UserId } from '@wharf/model';
import { AuthError } from './auth-errors.ts';
import { upgradeCredentials, type Credentials } from './credentials.ts';
import { createInviteTable } from './invites.ts';
import { hashPassword, unknownUserHash, verifyPassword } from './password.ts';
import { createLoginRateLimiter, type Clock, type LoginRateLimiter } from './rate-limit.ts';
import { migrateAuthSchema } from './schema.ts';
import { createServiceTokenTable } from './service-tokens.ts';
import { createSessionTable } from './sessions.ts';
import { cryptoRandom, newId, newToken, type RandomBytes } from './tokens.ts';
import { createUserTable, type User } from './users.ts';

export interface AuthDeps {
  db: DatabaseSync;
  clock: Clock;
  random?: RandomBytes;
  limiter?: LoginRateLimiter;
  sessionTtlMs?: number;
  inviteTtlMs?: number;
}

export interface SignedIn {
  user: User;
  /** The session token for the cookie; never logged, never stored in clear. */
  session: string;
}

export interface InviteRequest {
  email?: string | undefined;
  role: Role;
  mailboxes: readonly MailboxId[];
}

/** Who made a REST request: a person with their current record, or a service. */
export type Caller = { kind: 'user'; user: User } | { kind: 'service'; name: string };

const DAY = 86_400_000;

export function principalOf(caller: Caller): Principal {
  if (caller.kind === 'service') return { kind: 'service', name: caller.name };
  const { user } = caller;
  return { kind: 'user', userId: user.id, role: user.role, mailboxes: new Set(user.mailboxes) };
}

export function createAuth(deps: AuthDeps) {
  const { db, clock } = deps;
  const random = deps.random ?? cryptoRandom;
  const sessionTtlMs = deps.sessionTtlMs ?? 30 * DAY;
  const inviteTtlMs = deps.inviteTtlMs ?? 7 * DAY;
  const limiter = deps.limiter ?? createLoginRateLimiter({ clock });
  migrateAuthSchema(db);
  const users = createUserTable(db);
  const sessions = createSessionTable(db);
  const invites = createInviteTable(db);
  const serviceTokens = createServiceTokenTable(db);
  const setSetting = db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?');

  const transaction = <T>(fn: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };

  const startSession = (user: User): SignedIn => {
    const session = newToken(random);
    const now = clock.now();
    sessions.insert(session, user.id, now, now + sessionTtlMs);
    return { user, session };
  };

  const needsSetup = (): boolean => users.activeAdminCount() === 0;

  const requireUser = (id: string): User => {
    const user = users.get(id);
    if (!user) throw new AuthError('user_not_found');
    return user;
  };

  const callerFor = (credentials: Credentials): Caller | undefined => {
    const now = clock.now();
    if (credentials.bearer) {
      const service = serviceTokens.nameFor(credentials.bearer);
      if (service !== undefined) return { kind: 'service', name: service };
      const userId = sessions.userFor(credentials.bearer, now);
      const user = userId && users.get(userId);
      return user ? { kind: 'user', user } : undefined;
    }
    if (credentials.session) {
      const userId = sessions.userFor(credentials.session, now);
      const user = userId && users.get(userId);
      return user ? { kind: 'user', user } : undefined;
    }
    return undefined;
  };

  return {
    needsSetup,

    workspaceName(): string | undefined {
      return (getSetting.get('workspace_name') as { value: string } | undefined)?.value;
    },

    async setup(input: { workspaceName: string; name: string; email: string; password: string }) {
      if (!needsSetup()) throw new AuthError('already_set_up');
      const passwordHash = await hashPassword(input.password);
      const id = newId(random) as UserId;
      // Re-checked inside the transaction: two setup requests may both have passed the first check.
      transaction(() => {
        if (!needsSetup()) throw new AuthError('already_set_up');
        if (users.emailTaken(input.email)) throw new AuthError('email_taken');
        users.insert({ id, ...input, role: 'admin', passwordHash, mailboxes: [], createdAt: clock.now() });
        setSetting.run('workspace_name', input.workspaceName);
      });
      return startSession(requireUser(id));
    },

    async login(input: { email: string; password: string; ip: string }): Promise<SignedIn> {
      const key = `${input.email.trim().toLowerCase()}|${input.ip}`;
      const wait = limiter.retryAfter(key);
      if (wait > 0) throw new AuthError('rate_limited', wait);
      const found = users.credentials(input.email);
      const ok = await verifyPassword(input.password, found?.passwordHash ?? (await unknownUserHash()));
      if (!found || !ok || !found.user.active) {
        limiter.fail(key);
        throw new AuthError('invalid_credentials');
      }
      limiter.succeed(key);
      sessions.removeExpired(clock.now());
      return startSession(found.user);
    },

    logout(session: string): void {
      sessions.remove(session);
    },

    callerFor,

    /** For the sync server: resolves an upgrade request's cookie or token to a principal. */
    authenticate: (req: IncomingMessage): Promise<Principal | undefined> => {
      const caller = callerFor(upgradeCredentials(req));
      return Promise.resolve(caller && principalOf(caller));
    },

    createInvite(by: User, request: InviteRequest): string {
      if (by.role !== 'admin') {
        if (request.role === 'admin') throw new AuthError('role_not_allowed');
        if (request.mailboxes.some((m) => !by.mailboxes.includes(m)))
          throw new AuthError('mailbox_not_allowed');
      }
      const token = newToken(random);
      const now = clock.now();
      invites.insert(token, request, by.id, now, now + inviteTtlMs);
      return token;
    },

    inviteInfo(token: string): { email: string | undefined; role: Role; valid: boolean } | undefined {
      const invite = invites.get(token);
      if (!invite) return undefined;
      return {
        email: invite.email,
        role: invite.role,
        valid: !invite.used && invite.expiresAt > clock.now(),
      };
    },

    async acceptInvite(token: string, input: { name: string; email: string; password: string }) {
      const invite = invites.get(token);
      if (!invite || invite.used || invite.expiresAt <= clock.now()) throw new AuthError('invite_invalid');
      if (invite.email && invite.email.toLowerCase() !== input.email.trim().toLowerCase())
        throw new AuthError('invite_email_mismatch');
      const passwordHash = await hashPassword(input.password);
      const id = newId(random) as UserId;
      transaction(() => {
        if (users.emailTaken(input.email)) throw new AuthError('email_taken');
        if (!invites.consume(token, id, clock.now())) throw new AuthError('invite_invalid');
        const { role, mailboxes } = invite;
        users.insert({ id, ...input, role, mailboxes, passwordHash, createdAt: clock.now() });
      });
      return startSession(requireUser(id));
    },

    listUsers(): User[] {
      return users.list();
    },

    getUser: requireUser,

    updateUser(id: string, change: { role?: Role; mailboxes?: readonly MailboxId[] }): User {
      return transaction(() => {
        const user = requireUser(id);
        if (change.role && change.role !== 'admin' && user.role === 'admin' && user.active) {
          if (users.activeAdminCount() <= 1) throw new AuthError('last_admin');
        }
        users.update(user.id, change);
        return requireUser(id);
      });
    },

    /** Deactivates the user and kills their sessions; the caller closes their sockets. */
    revokeUser(id: string): User {
      return transaction(() => {
        const user = requireUser(id);
        if (user.role === 'admin' && user.active && users.activeAdminCount() <= 1)
          throw new AuthError('last_admin');
        users.revoke(user.id, clock.now());
        sessions.removeForUser(user.id);
        return requireUser(id);
      });
    },

    createServiceToken(name: string): string {
      const token = newToken(random, 'wst_');
      serviceTokens.insert(newId(random), token, name, clock.now());
      return token;
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
