// What an outbox entry is waiting for, as people see it: the stored status (SPEC [OB1]) refined by
// the send time (scheduled, SPEC [SC1]) and by approval (SPEC [AP1]–[AP3]). Plus the operations
// on waiting mail: edit (a new revision), the bridge's hold, and the relay's decision.
import type * as Y from 'yjs';
import type { OutboxId, UserId } from '../ids.ts';
import { threadMaps } from './maps.ts';
import type { ThreadMaps } from './maps.ts';
import { entryRevision, outboxState, sentRevision } from './outbox-state.ts';
import type { OutboxState } from './outbox-state.ts';
import type { Address, OutboxApproval, OutboxAttachment, OutboxEntry, OutboxStatus } from './types.ts';
import { writeThread } from './write.ts';
import type { ThreadOpContext } from './write.ts';

export type OutboxPhase = OutboxStatus | 'scheduled' | 'awaiting-approval' | 'rejected';

export interface OutboxPhaseInfo extends OutboxState {
  phase: OutboxPhase;
  revision: string;
  /** The decision on the current revision, if any (display only: the bridge asks the relay). */
  approval: OutboxApproval | null;
  /** Someone must approve this revision before it goes (the author's rules or the bridge's hold). */
  needsApproval: boolean;
  /** The bridge sent an earlier revision than the entry now holds: the last edit came too late. */
  editLost: boolean;
}

const key = (id: OutboxId, revision: string) => `${id}:${revision}`;

export function approvalNeeded(maps: ThreadMaps, entry: OutboxEntry): boolean {
  return (
    (entry.approvalReasons?.length ?? 0) > 0 || maps.outboxHolds.has(key(entry.id, entryRevision(entry)))
  );
}

export function outboxPhase(maps: ThreadMaps, entry: OutboxEntry, now: number): OutboxPhaseInfo {
  const state = outboxState(maps, entry.id) ?? { status: 'queued' as const, attempt: 1, error: null };
  const revision = entryRevision(entry);
  const approval = maps.approvals.get(key(entry.id, revision)) ?? null;
  const needsApproval = approvalNeeded(maps, entry);
  const sent = sentRevision(maps, entry.id);
  let phase: OutboxPhase = state.status;
  if (state.status === 'queued') {
    if (needsApproval && approval?.decision === 'rejected') phase = 'rejected';
    else if (needsApproval && approval?.decision !== 'approved') phase = 'awaiting-approval';
    else if (entry.sendAt !== undefined && entry.sendAt > now) phase = 'scheduled';
  }
  return {
    ...state,
    phase,
    revision,
    approval,
    needsApproval,
    editLost: sent !== undefined && sent !== revision,
  };
}

/** Phases in which an entry is still the author's to change: nothing is claiming it yet. */
const EDITABLE: ReadonlySet<OutboxPhase> = new Set(['scheduled', 'awaiting-approval', 'rejected']);

export interface OutboxEdit {
  to?: Address[];
  cc?: Address[];
  subject?: string;
  body?: string;
  attachments?: OutboxAttachment[];
  /** A new send time; null sends as soon as allowed. */
  sendAt?: number | null;
  /** Recomputed by the caller for the edited text (SPEC [AP1]). */
  approvalReasons?: { en: string; zh: string }[];
}

/**
 * Edits waiting mail (scheduled, awaiting approval or rejected) of the actor's own: the row is
 * replaced with a new revision, so an earlier approval no longer counts (SPEC [SC2], [AP3]).
 * False when the entry is not the actor's or no longer waits (due, being sent, sent, cancelled).
 */
export function editOutbox(doc: Y.Doc, id: OutboxId, edit: OutboxEdit, ctx: ThreadOpContext): boolean {
  if (ctx.actor.kind !== 'user') return false;
  const userId: UserId = ctx.actor.userId;
  return writeThread(doc, ctx, ({ maps, log }) => {
    const entry = maps.outbox.get(id);
    if (!entry || entry.author !== userId) return false;
    if (!EDITABLE.has(outboxPhase(maps, entry, ctx.deps.now()).phase)) return false;
    const { sendAt, approvalReasons, ...fields } = edit;
    const revision = ctx.deps.newId();
    const next: OutboxEntry = { ...entry, ...fields, revision };
    if (sendAt === null) delete next.sendAt;
    else if (sendAt !== undefined) next.sendAt = sendAt;
    if (approvalReasons !== undefined) {
      if (approvalReasons.length > 0) next.approvalReasons = approvalReasons;
      else delete next.approvalReasons;
    }
    maps.outbox.set(id, next);
    log({ type: 'outbox-edited', outboxId: id, revision });
    return true;
  });
}

/**
 * The bridge found that the entry's current revision needs approval and the relay has no approval
 * for it: it says so in the doc, once per revision (SPEC [AP1]).
 */
export function holdForApproval(
  doc: Y.Doc,
  id: OutboxId,
  reasons: { en: string; zh: string }[],
  ctx: ThreadOpContext,
): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const entry = maps.outbox.get(id);
    if (!entry) return false;
    const revision = entryRevision(entry);
    if (maps.outboxHolds.has(key(id, revision))) return false;
    maps.outboxHolds.set(key(id, revision), { outboxId: id, revision, reasons, at: ctx.deps.now() });
    log({ type: 'outbox-held', outboxId: id, revision });
    return true;
  });
}

/**
 * Writes a decision into the doc for everyone to see. Only the relay calls this, after checking
 * the approver's role and recording the decision in its own store, which is what the bridge
 * trusts (SPEC [AP2]). False when the entry no longer has that revision or no longer waits.
 */
export function recordApproval(
  doc: Y.Doc,
  decision: Omit<OutboxApproval, 'at'>,
  ctx: ThreadOpContext,
): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const entry = maps.outbox.get(decision.outboxId);
    if (!entry || entryRevision(entry) !== decision.revision) return false;
    if (outboxState(maps, entry.id)?.status !== 'queued') return false;
    maps.approvals.set(key(decision.outboxId, decision.revision), { ...decision, at: ctx.deps.now() });
    log({
      type: 'outbox-approval',
      outboxId: decision.outboxId,
      revision: decision.revision,
      decision: decision.decision,
    });
    return true;
  });
}

/** Every entry of the doc with its phase; for views and the hand-over. */
export function outboxPhases(doc: Y.Doc, now: number): (OutboxEntry & OutboxPhaseInfo)[] {
  const maps = threadMaps(doc);
  return [...maps.outbox.values()].map((entry) => ({ ...entry, ...outboxPhase(maps, entry, now) }));
}
