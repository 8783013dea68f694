// Invite links: single use, expiring, carrying the role and mailbox grants the new member gets.
import type { DatabaseSync } from 'node:sqlite';
import type { MailboxId, Role, UserId } from '@wharf/model';
import { hashToken } from './tokens.ts';

export interface Invite {
  email: string | undefined;
  role: Role;
  mailboxes: MailboxId[];
  expiresAt: number;
  used: boolean;
}

interface InviteRow {
  email: string | null;
  role: string;
  mailboxes: string;
  expires_at: number;
  used_at: number | null;
}

export function createInviteTable(db: DatabaseSync) {
  const insert = db.prepare(
    `INSERT INTO invites (token_hash, email, role, mailboxes, created_by, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const find = db.prepare('SELECT * FROM invites WHERE token_hash = ?');
  const markUsed = db.prepare(
    'UPDATE invites SET used_at = ?, used_by = ? WHERE token_hash = ? AND used_at IS NULL',
  );

  return {
    insert(
      token: string,
      invite: { email?: string | undefined; role: Role; mailboxes: readonly MailboxId[] },
      createdBy: UserId,
      now: number,
      expiresAt: number,
    ): void {
      insert.run(
        hashToken(token),
        invite.email ?? null,
        invite.role,
        JSON.stringify(invite.mailboxes),
        createdBy,
        now,
        expiresAt,
      );
    },
    get(token: string): Invite | undefined {
      const row = find.get(hashToken(token)) as InviteRow | undefined;
      if (!row) return undefined;
      return {
        email: row.email ?? undefined,
        role: row.role as Role,
        mailboxes: JSON.parse(row.mailboxes) as MailboxId[],
        expiresAt: row.expires_at,
        used: row.used_at !== null,
      };
    },
    /** True only for the one caller that consumed the invite. */
    consume(token: string, userId: UserId, now: number): boolean {
      return Number(markUsed.run(now, userId, hashToken(token)).changes) === 1;
    },
  };
}

export type InviteTable = ReturnType<typeof createInviteTable>;
