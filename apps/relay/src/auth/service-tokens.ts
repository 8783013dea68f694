// Tokens for services (the mail bridge): full doc access, no user behind them.
import type { DatabaseSync } from 'node:sqlite';
import { hashToken } from './tokens.ts';

export function createServiceTokenTable(db: DatabaseSync) {
  const insert = db.prepare(
    'INSERT INTO service_tokens (id, token_hash, name, created_at) VALUES (?, ?, ?, ?)',
  );
  const find = db.prepare('SELECT name FROM service_tokens WHERE token_hash = ? AND revoked_at IS NULL');

  return {
    insert(id: string, token: string, name: string, now: number): void {
      insert.run(id, hashToken(token), name, now);
    },
    nameFor(token: string): string | undefined {
      return (find.get(hashToken(token)) as { name: string } | undefined)?.name;
    },
  };
}
