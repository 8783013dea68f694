// Drafts (one per user per thread) and the outbox: what a user asked to send and how far the
// mail bridge got. Outbox progress is a grow-only set of events, so a status never goes back
// (SPEC [OB1]); the effective status is a function of that set.
import type * as Y from 'yjs';
import { outboxId as toOutboxId } from '../ids.ts';
import type { MessageId, OutboxId } from '../ids.ts';
import { threadMaps, writeMeta } from './maps.ts';
import { currentClaim } from './status.ts';
import { entryRevision, outboxState } from './outbox-state.ts';
import type { OutboxState } from './outbox-state.ts';
import type {
  Address,
  ComposeKind,
  Draft,
  OutboxAttachment,
  OutboxEntry,
  OutboxEvent,
  OutboxStatus,
} from './types.ts';
import { requireUser, writeThread } from './write.ts';
import type { ThreadOpContext } from './write.ts';

export interface DraftInput {
  to: Address[];
  cc: Address[];
  subject: string;
  body: string;
  inReplyTo?: MessageId;
  /** References to bytes in the bridge's store, never the bytes (SPEC [OB5]). */
  attachments?: OutboxAttachment[];
  kind?: ComposeKind;
  sendAsVia?: boolean;
  /** Send not before this time (SPEC [SC1]). */
  sendAt?: number;
}

/** Saves the actor's draft. Only the first save is logged: autosave must not flood the log. */
export function saveDraft(doc: Y.Doc, input: DraftInput, ctx: ThreadOpContext): Draft {
  const userId = requireUser(ctx);
  return writeThread(doc, ctx, ({ maps, log }) => {
    const draft: Draft = { userId, ...input, updatedAt: ctx.deps.now() };
    if (!maps.drafts.has(userId)) log({ type: 'draft-created' });
    maps.drafts.set(userId, draft);
    return draft;
  });
}

export function discardDraft(doc: Y.Doc, ctx: ThreadOpContext): boolean {
  const userId = requireUser(ctx);
  return writeThread(doc, ctx, ({ maps, log }) => {
    if (!maps.drafts.has(userId)) return false;
    maps.drafts.delete(userId);
    log({ type: 'draft-discarded' });
    return true;
  });
}

export interface OutboxInput extends DraftInput {
  /** The domain part of the Message-ID, usually the sending mailbox's domain. */
  messageIdDomain: string;
  /** What the author's client found in the workspace's approval rules (`approvalReasons`). */
  approvalReasons?: { en: string; zh: string }[];
  /**
   * The author was warned that others replied or queued mail meanwhile and sends anyway: the ids
   * of those messages and entries are logged with the send (SPEC [RA1]).
   */
  replyAnyway?: string[];
}

const eventKey = (id: OutboxId, attempt: number, status: OutboxStatus) => `${id}:${attempt}:${status}`;

/**
 * Queues a message for the bridge to send. In the same change the author's draft goes, and so
 * does the author's claim: the answer is written (SPEC [DR2], [CL3]).
 */
export function queueOutbox(doc: Y.Doc, input: OutboxInput, ctx: ThreadOpContext): OutboxEntry {
  const author = requireUser(ctx);
  return writeThread(doc, ctx, ({ maps, log }) => {
    const id = toOutboxId(ctx.deps.newId());
    const { messageIdDomain, replyAnyway, approvalReasons, ...fields } = input;
    const at = ctx.deps.now();
    const entry: OutboxEntry = {
      id,
      author,
      ...withoutEmpty(fields),
      ...(approvalReasons && approvalReasons.length > 0 ? { approvalReasons } : {}),
      revision: id,
      messageIdHeader: `<wharf.${id}@${messageIdDomain}>`,
      createdAt: at,
    };
    maps.outbox.set(id, entry);
    maps.outboxEvents.set(eventKey(id, 1, 'queued'), {
      outboxId: id,
      attempt: 1,
      status: 'queued',
      at,
      by: ctx.actor,
    });
    log({ type: 'outbox-queued', outboxId: id });
    if (replyAnyway && replyAnyway.length > 0)
      log({ type: 'reply-anyway', outboxId: id, despite: [...replyAnyway].sort() });
    if (maps.drafts.has(author)) maps.drafts.delete(author);
    if (currentClaim(maps) === author) {
      writeMeta(maps, 'claim', { userId: null, at, by: ctx.actor });
      log({ type: 'released', userId: author });
    }
    return entry;
  });
}

const ALLOWED: Record<OutboxStatus, readonly OutboxStatus[]> = {
  queued: ['sending', 'cancelled'],
  sending: ['sent', 'failed'],
  // An ambiguous failure is resolved by finding the Message-ID in Sent (design §4).
  failed: ['sent'],
  sent: [],
  cancelled: [],
};

export type OutboxStep = 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * Records the next step of an entry; returns false when the step is not allowed from its state.
 * `sending` records the revision the bridge composed (SPEC [SC2]).
 */
export function advanceOutbox(
  doc: Y.Doc,
  id: OutboxId,
  step: OutboxStep,
  ctx: ThreadOpContext,
  error?: string,
): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const state = outboxState(maps, id);
    if (!state || !ALLOWED[state.status].includes(step)) return false;
    const event: OutboxEvent = {
      outboxId: id,
      attempt: state.attempt,
      status: step,
      at: ctx.deps.now(),
      by: ctx.actor,
      ...(error === undefined ? {} : { error }),
      ...(step === 'sending' ? { revision: entryRevision(maps.outbox.get(id)!) } : {}),
    };
    maps.outboxEvents.set(eventKey(id, state.attempt, step), event);
    log({ type: 'outbox-status', outboxId: id, attempt: state.attempt, status: step });
    return true;
  });
}

/** Queues a failed entry again as a new attempt. */
export function retryOutbox(doc: Y.Doc, id: OutboxId, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const state = outboxState(maps, id);
    if (state?.status !== 'failed') return false;
    const attempt = state.attempt + 1;
    maps.outboxEvents.set(eventKey(id, attempt, 'queued'), {
      outboxId: id,
      attempt,
      status: 'queued',
      at: ctx.deps.now(),
      by: ctx.actor,
    });
    log({ type: 'outbox-status', outboxId: id, attempt, status: 'queued' });
    return true;
  });
}

/** What the mail bridge should send from this thread: entries whose status is `queued`, oldest first. */
export function queuedOutboxEntries(doc: Y.Doc): (OutboxEntry & OutboxState)[] {
  const maps = threadMaps(doc);
  const queued: (OutboxEntry & OutboxState)[] = [];
  for (const entry of maps.outbox.values()) {
    const state = outboxState(maps, entry.id);
    if (state?.status === 'queued') queued.push({ ...entry, ...state });
  }
  return queued.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Optional fields left out when empty, so an entry without attachments reads like one before them. */
function withoutEmpty<T extends DraftInput>(fields: T): T {
  const copy = { ...fields };
  if (copy.attachments?.length === 0) delete copy.attachments;
  for (const key of Object.keys(copy) as (keyof T)[]) if (copy[key] === undefined) delete copy[key];
  return copy;
}
