// Sessions for people: the cookie holds the token, the table holds its hash.
import type { DatabaseSync } from 'node:sqlite';
import type { UserId } from '@wharf/model';
import { hashToken } from './tokens.ts';

export function createSessionTable(db: DatabaseSync) {
  const insert = db.prepare(
    'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const find = db.prepare(
    `SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1`,
  );
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    insert(token: string, userId: UserId, now: number, expiresAt: number): void {
      insert.run(hashToken(token), userId, now, expiresAt);
    },
    userFor(token: string, now: number): UserId | undefined {
      const row = find.get(hashToken(token), now) as { user_id: string } | undefined;
      return row?.user_id as UserId | undefined;
    },
    remove(token: string): void {
      remove.run(hashToken(token));
    },
    removeForUser(userId: UserId): void {
      removeForUser.run(userId);
    },
    removeExpired(now: number): void {
      removeExpired.run(now);
    },
  };
}

export type SessionTable = ReturnType<typeof createSessionTable>;
