// Assignment, claims, status, tags and the customer link of a thread.
import type * as Y from 'yjs';
import type { CustomerId, UserId } from '../ids.ts';
import { inboundCount, readMeta, threadMaps, writeMeta } from './maps.ts';
import { currentAssignee, currentClaim, storedStatus } from './status.ts';
import type { StatusName } from './types.ts';
import { requireUser, writeThread } from './write.ts';
import type { ThreadOpContext } from './write.ts';

/** Returns false when nothing changed (already assigned to that user). */
export function assignThread(doc: Y.Doc, assignee: UserId, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    if (currentAssignee(maps) === assignee) return false;
    writeMeta(maps, 'assignee', { assignee, at: ctx.deps.now(), by: ctx.actor });
    log({ type: 'assigned', assignee });
    return true;
  });
}

export function unassignThread(doc: Y.Doc, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    if (currentAssignee(maps) === null) return false;
    writeMeta(maps, 'assignee', { assignee: null, at: ctx.deps.now(), by: ctx.actor });
    log({ type: 'unassigned' });
    return true;
  });
}

export type ClaimResult = { ok: true } | { ok: false; heldBy: UserId };

/**
 * "I am answering this". A claim held by someone else is only taken over with `takeOver`
 * (the UI asks first); concurrent claims converge to one holder (SPEC [CL2]).
 */
export function claimThread(
  doc: Y.Doc,
  ctx: ThreadOpContext,
  options: { takeOver?: boolean } = {},
): ClaimResult {
  const userId = requireUser(ctx);
  return writeThread(doc, ctx, ({ maps, log }): ClaimResult => {
    const holder = currentClaim(maps);
    if (holder === userId) return { ok: true };
    if (holder !== null && !options.takeOver) return { ok: false, heldBy: holder };
    writeMeta(maps, 'claim', { userId, at: ctx.deps.now(), by: ctx.actor });
    log({ type: 'claimed', userId });
    return { ok: true };
  });
}

/** Releases the current claim, whoever holds it (logged, so a forced release is visible). */
export function releaseThread(doc: Y.Doc, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const holder = currentClaim(maps);
    if (holder === null) return false;
    writeMeta(maps, 'claim', { userId: null, at: ctx.deps.now(), by: ctx.actor });
    log({ type: 'released', userId: holder });
    return true;
  });
}

export type StatusChange = { status: 'open' | 'pending' | 'closed' } | { status: 'snoozed'; until: number };

/**
 * Sets the status. Closing releases a claim the closer can see; a claim made concurrently with
 * the close is not touched (SPEC [CL1]).
 */
export function setThreadStatus(doc: Y.Doc, change: StatusChange, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const current = storedStatus(maps);
    const until = change.status === 'snoozed' ? change.until : undefined;
    if (current.status === change.status && (until === undefined || current.snoozeUntil === until))
      return false;
    const at = ctx.deps.now();
    const status: StatusName = change.status;
    writeMeta(maps, 'status', {
      status,
      ...(until === undefined ? {} : { until }),
      at,
      by: ctx.actor,
      inboundSeen: inboundCount(maps),
    });
    log({ type: 'status', status, ...(until === undefined ? {} : { until }) });
    const holder = currentClaim(maps);
    if (status === 'closed' && holder !== null) {
      writeMeta(maps, 'claim', { userId: null, at, by: ctx.actor });
      log({ type: 'released', userId: holder });
    }
    return true;
  });
}

/**
 * Closes a thread the mail bridge imports from the mailbox's past (SPEC [ST4]): as of its newest
 * message, so its row goes to that month's bucket and never into the hot one, and marked as
 * history, so routing gives it to the customer's owner at most. A thread that already has a status
 * (someone triaged it) is left alone.
 */
export function closeAsHistory(doc: Y.Doc, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    if (readMeta(maps, 'status') || maps.messages.size === 0) return false;
    let newest = 0;
    for (const message of maps.messages.values()) newest = Math.max(newest, message.date);
    writeMeta(maps, 'status', {
      status: 'closed',
      at: newest,
      by: ctx.actor,
      inboundSeen: inboundCount(maps),
      history: true,
    });
    log({ type: 'status', status: 'closed', history: true });
    return true;
  });
}

/** Closed on import and not touched since (SPEC [ST4]). */
export function isImportedHistory(doc: Y.Doc): boolean {
  return readMeta(threadMaps(doc), 'status')?.history === true;
}

/** Tags are trimmed and lower-cased so "VIP" and "vip " are one tag. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase();
}

export function addTag(doc: Y.Doc, tag: string, ctx: ThreadOpContext): boolean {
  const name = normalizeTag(tag);
  if (name === '') throw new Error('empty tag');
  return writeThread(doc, ctx, ({ maps, log }) => {
    if (maps.tags.has(name)) return false;
    maps.tags.set(name, true);
    log({ type: 'tag-added', tag: name });
    return true;
  });
}

export function removeTag(doc: Y.Doc, tag: string, ctx: ThreadOpContext): boolean {
  const name = normalizeTag(tag);
  return writeThread(doc, ctx, ({ maps, log }) => {
    if (!maps.tags.has(name)) return false;
    maps.tags.delete(name);
    log({ type: 'tag-removed', tag: name });
    return true;
  });
}

export function linkCustomer(doc: Y.Doc, customerId: CustomerId | null, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    if ((readMeta(maps, 'customer')?.customerId ?? null) === customerId) return false;
    writeMeta(maps, 'customer', { customerId, at: ctx.deps.now() });
    log({ type: 'customer-linked', customerId });
    return true;
  });
}

/** Marks every inbound message as seen by the user. Not logged: reading is not a change to the thread. */
export function markThreadRead(doc: Y.Doc, ctx: ThreadOpContext): boolean {
  const userId = requireUser(ctx);
  return writeThread(doc, ctx, ({ maps }) => {
    const count = inboundCount(maps);
    if ((maps.reads.get(userId) ?? 0) >= count) return false;
    maps.reads.set(userId, count);
    return true;
  });
}
