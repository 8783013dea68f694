// Doc names are the unit of sync and of permission: the relay decides access from the name
// alone (design §2: split docs wherever permissions differ). Every doc that belongs to one
// mailbox carries the mailbox id in its name so a grant check needs no doc content.
import type { CustomerId, MailboxId, ThreadId, UserId } from './ids.ts';
import { isValidId } from './ids.ts';

export type DocRef =
  | { kind: 'workspace' }
  | { kind: 'index'; mailboxId: MailboxId; bucket: string }
  | { kind: 'thread'; mailboxId: MailboxId; threadId: ThreadId }
  | { kind: 'customer'; customerId: CustomerId }
  /** One row per customer (list, search, follow-ups, address links for routing). */
  | { kind: 'customers' }
  | { kind: 'user'; userId: UserId };

/** The open/hot set of a mailbox; closed threads rotate into month buckets `YYYY-MM`. */
export const HOT_BUCKET = 'hot';
const BUCKET_PATTERN = /^(hot|\d{4}-\d{2})$/;

export function docName(ref: DocRef): string {
  switch (ref.kind) {
    case 'workspace':
      return 'workspace';
    case 'index':
      return `index/${ref.mailboxId}/${ref.bucket}`;
    case 'thread':
      return `thread/${ref.mailboxId}/${ref.threadId}`;
    case 'customer':
      return `customer/${ref.customerId}`;
    case 'customers':
      return 'customers';
    case 'user':
      return `user/${ref.userId}`;
  }
}

/** Parses a doc name; returns undefined for anything that is not exactly a known shape. */
export function parseDocName(name: string): DocRef | undefined {
  if (name === 'workspace') return { kind: 'workspace' };
  if (name === 'customers') return { kind: 'customers' };
  const parts = name.split('/');
  if (!parts.every(isValidId)) return undefined;
  const [kind, a, b] = parts;
  if (a === undefined) return undefined;
  if (parts.length === 3 && kind === 'index' && b !== undefined && BUCKET_PATTERN.test(b))
    return { kind: 'index', mailboxId: a as MailboxId, bucket: b };
  if (parts.length === 3 && kind === 'thread' && b !== undefined)
    return { kind: 'thread', mailboxId: a as MailboxId, threadId: b as ThreadId };
  if (parts.length === 2 && kind === 'customer') return { kind: 'customer', customerId: a as CustomerId };
  if (parts.length === 2 && kind === 'user') return { kind: 'user', userId: a as UserId };
  return undefined;
}
