// Users and their mailbox grants. Emails are stored lower-cased: one person, one account.
import type { DatabaseSync } from 'node:sqlite';
import type { MailboxId, Role, UserId } from '@wharf/model';

export interface User {
  id: UserId;
  email: string;
  name: string;
  role: Role;
  mailboxes: MailboxId[];
  active: boolean;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  active: number;
  password_hash: string;
}

export interface NewUser {
  id: UserId;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  mailboxes: readonly MailboxId[];
  createdAt: number;
}

export function createUserTable(db: DatabaseSync) {
  const byId = db.prepare('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
  const all = db.prepare('SELECT * FROM users ORDER BY created_at, email');
  const grantsOf = db.prepare('SELECT mailbox_id FROM mailbox_grants WHERE user_id = ? ORDER BY mailbox_id');
  const insert = db.prepare(
    'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertGrant = db.prepare('INSERT OR IGNORE INTO mailbox_grants (user_id, mailbox_id) VALUES (?, ?)');
  const deleteGrants = db.prepare('DELETE FROM mailbox_grants WHERE user_id = ?');
  const setRole = db.prepare('UPDATE users SET role = ? WHERE id = ?');
  const revoke = db.prepare('UPDATE users SET active = 0, revoked_at = ? WHERE id = ?');
  const activeAdmins = db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1");

  const toUser = (row: UserRow): User => ({
    id: row.id as UserId,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    active: row.active === 1,
    mailboxes: (grantsOf.all(row.id) as { mailbox_id: string }[]).map((g) => g.mailbox_id as MailboxId),
  });

  const replaceGrants = (id: UserId, mailboxes: readonly MailboxId[]): void => {
    deleteGrants.run(id);
    for (const mailbox of mailboxes) insertGrant.run(id, mailbox);
  };

  return {
    get(id: string): User | undefined {
      const row = byId.get(id) as UserRow | undefined;
      return row && toUser(row);
    },
    /** The user and their password hash, for login only. */
    credentials(email: string): { user: User; passwordHash: string } | undefined {
      const row = byEmail.get(normalizeEmail(email)) as UserRow | undefined;
      return row && { user: toUser(row), passwordHash: row.password_hash };
    },
    emailTaken(email: string): boolean {
      return byEmail.get(normalizeEmail(email)) !== undefined;
    },
    list(): User[] {
      return (all.all() as unknown as UserRow[]).map(toUser);
    },
    activeAdminCount(): number {
      return (activeAdmins.get() as { n: number }).n;
    },
    insert(user: NewUser): void {
      insert.run(
        user.id,
        normalizeEmail(user.email),
        user.name,
        user.role,
        user.passwordHash,
        user.createdAt,
      );
      replaceGrants(user.id, user.mailboxes);
    },
    update(id: UserId, change: { role?: Role; mailboxes?: readonly MailboxId[] }): void {
      if (change.role) setRole.run(change.role, id);
      if (change.mailboxes) replaceGrants(id, change.mailboxes);
    },
    revoke(id: UserId, at: number): void {
      revoke.run(at, id);
    },
  };
}

export type UserTable = ReturnType<typeof createUserTable>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
