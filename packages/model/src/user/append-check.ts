// What someone may write into another user's doc (access.ts: 'append'): a member, new mention
// notifications they authored; the mail bridge (a service), SLA alerts; either, the doc's schema
// mark; nothing else. The relay does not keep a Y.Doc per
// room, so this checks the update itself: decoded, every struct must be a fresh key in one of
// those two maps (no left/right origin: written into a fresh Y.Doc, as `notifyMention` does), and
// nothing may be deleted. SPEC [MN2].
import * as Y from 'yjs';
import type { Principal } from '../access.ts';
import type { UserId } from '../ids.ts';
import { migrationsFor } from '../schema/migrations.ts';
import { SCHEMA_MAP } from '../schema/versions.ts';
import { isMentionNotification, isSlaNotification } from './user-doc.ts';

/** Who appends: a member (mentions they wrote) or a service (SLA alerts). */
export type Appender = UserId | Extract<Principal, { kind: 'service' }>;

export type AppendCheck = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): AppendCheck => ({ ok: false, reason });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkValue(map: string, key: string, value: unknown, appender: Appender): AppendCheck {
  if (map === SCHEMA_MAP) {
    const migration = migrationsFor('user').find((m) => m.name === key);
    if (!migration || !isRecord(value) || value.kind !== 'user' || value.to !== migration.to)
      return refuse(`unknown schema mark ${key}`);
    return { ok: true };
  }
  if (typeof appender !== 'string') {
    if (!isSlaNotification(value) || value.id !== key) return refuse(`not an SLA notification: ${key}`);
    return { ok: true };
  }
  if (!isMentionNotification(value) || value.id !== key) return refuse(`not a mention notification: ${key}`);
  if (value.by !== appender) return refuse(`notification ${key} is not by ${appender}`);
  return { ok: true };
}

export function checkNotificationAppend(update: Uint8Array, appender: Appender): AppendCheck {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return refuse('malformed update');
  }
  if (decoded.ds.clients.size > 0) return refuse('deletes are not allowed');
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) return refuse('only inserts are allowed');
    // Before integration a root parent is its name; anything else hangs off an existing item.
    const parent = struct.parent as unknown;
    if (struct.origin !== null || struct.rightOrigin !== null || typeof parent !== 'string')
      return refuse('only fresh keys of root maps are allowed');
    if (parent !== 'notifications' && parent !== SCHEMA_MAP) return refuse(`map ${parent} is not appendable`);
    if (struct.parentSub === null) return refuse('only map keys are allowed');
    if (!(struct.content instanceof Y.ContentAny) || struct.content.arr.length !== 1)
      return refuse('only plain JSON values are allowed');
    const verdict = checkValue(parent, struct.parentSub, struct.content.arr[0], appender);
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}
