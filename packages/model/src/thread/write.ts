// The one way operations write to a thread doc: one transaction with the actor as origin, an
// activity entry per change, and (when the caller holds the index) the index row kept true.
import type * as Y from 'yjs';
import type { OpContext } from '../deps.ts';
import type { UserId } from '../ids.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { repairIndexRow } from '../index-doc/repair.ts';
import type { IndexDocs } from '../index-doc/repair.ts';
import { threadMaps } from './maps.ts';
import type { ThreadMaps } from './maps.ts';
import type { ActivityAction } from './types.ts';

export interface ThreadOpContext extends OpContext {
  /** When given, the thread's index row is rewritten after the change (SPEC [IX1]). */
  index?: IndexDocs;
}

export interface ThreadWrite {
  maps: ThreadMaps;
  log: (action: ActivityAction) => void;
}

/** Runs `fn` in one transaction whose origin is the actor; every change it logs shares the time. */
export function writeThread<T>(doc: Y.Doc, ctx: ThreadOpContext, fn: (write: ThreadWrite) => T): T {
  ensureSchema(doc, 'thread');
  const maps = threadMaps(doc);
  const at = ctx.deps.now();
  let result!: T;
  doc.transact(() => {
    result = fn({
      maps,
      log: (action) => maps.activity.push([{ id: ctx.deps.newId(), at, by: ctx.actor, action }]),
    });
  }, ctx.actor);
  if (ctx.index) repairIndexRow(doc, ctx.index, ctx.actor);
  return result;
}

export function requireUser(ctx: ThreadOpContext): UserId {
  if (ctx.actor.kind !== 'user') throw new Error('this operation needs a user actor');
  return ctx.actor.userId;
}
