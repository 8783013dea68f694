// Who may do what with which doc. Pure: the relay calls it on every subscribe and every update,
// with a principal built from its own auth store (never from doc content).
import type { DocRef } from './doc-names.ts';
import type { MailboxId, UserId } from './ids.ts';

export type Role = 'admin' | 'manager' | 'member';
export const ROLES: readonly Role[] = ['admin', 'manager', 'member'];

export type Principal =
  | { kind: 'user'; userId: UserId; role: Role; mailboxes: ReadonlySet<MailboxId> }
  | { kind: 'service'; name: string };

/**
 * - `write`: read and write.
 * - `read`: read only; updates from this principal are refused.
 * - `append`: write-only (post a notification into someone else's user doc); nothing is read.
 * - `none`: neither.
 */
export type Access = 'none' | 'read' | 'write' | 'append';

export function canReadMailbox(principal: Principal, mailbox: MailboxId): boolean {
  if (principal.kind === 'service') return true;
  return principal.role === 'admin' || principal.mailboxes.has(mailbox);
}

export function docAccess(principal: Principal, doc: DocRef): Access {
  // A service (the mail bridge) posts SLA alerts into user docs but has no business reading them.
  if (principal.kind === 'service') return doc.kind === 'user' ? 'append' : 'write';
  switch (doc.kind) {
    case 'workspace':
      return principal.role === 'member' ? 'read' : 'write';
    case 'index':
    case 'thread':
      return canReadMailbox(principal, doc.mailboxId) ? 'write' : 'none';
    case 'customer':
    case 'customers':
      return 'write';
    case 'user':
      return doc.userId === principal.userId ? 'write' : 'append';
  }
}

export const canRead = (access: Access): boolean => access === 'read' || access === 'write';
export const canWrite = (access: Access): boolean => access === 'write' || access === 'append';
