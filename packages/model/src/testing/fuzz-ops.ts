// The random operations of the fuzz harness. Each returns a short trace line.
import * as Y from 'yjs';
import { messageId } from '../ids.ts';
import { checkNotificationAppend } from '../user/append-check.ts';
import type { OutboxId } from '../ids.ts';
import { repairIndexRow } from '../index-doc/repair.ts';
import { addComment, addNote, deleteComment, deleteNote, updateNote } from '../thread/discussion.ts';
import { threadMaps } from '../thread/maps.ts';
import { addMessages } from '../thread/messages.ts';
import { advanceOutbox, discardDraft, queueOutbox, retryOutbox, saveDraft } from '../thread/outbox.ts';
import { outboxState } from '../thread/outbox-state.ts';
import type { OutboxStep } from '../thread/outbox.ts';
import {
  addTag,
  assignThread,
  claimThread,
  markThreadRead,
  releaseThread,
  removeTag,
  setThreadStatus,
  unassignThread,
} from '../thread/triage.ts';
import type { StatusChange } from '../thread/triage.ts';
import {
  markAllNotificationsRead,
  markNotificationRead,
  mentionedUsers,
  notifyMention,
  userMaps,
} from '../user/user-doc.ts';
import { contextOf, indexDocsOf, TAGS, THREADS, userDocOf, USERS } from './fuzz-world.ts';
import type { Device, WorldClock, WorldThread } from './fuzz-world.ts';
import { messageRef } from './fixtures.ts';
import type { Prng } from './prng.ts';

export interface OpEnv {
  prng: Prng;
  clock: WorldClock;
  device: Device;
  thread: WorldThread;
  doc: Y.Doc;
}

type Op = (env: OpEnv) => string;

const bridgeOps: Op[] = [
  ({ prng, clock, device, thread, doc }) => {
    const existing = [...threadMaps(doc).messages.keys()];
    const id = existing.length > 0 && prng.chance(0.2) ? prng.pick(existing) : device.deps.newId();
    const direction = prng.chance(0.8) ? 'in' : 'out';
    const ref = messageRef(id, { id: messageId(id), date: clock.base, direction, snippet: `snippet ${id}` });
    const start = {
      mailboxId: thread.mailboxId,
      threadId: thread.threadId,
      subject: `subject ${thread.threadId}`,
    };
    addMessages(doc, start, [ref], contextOf(device, prng));
    return `message ${id} ${direction}`;
  },
  // The bridge works through the thread's outbox as it sees it: each entry one step further.
  ({ prng, device, doc }) => {
    const maps = threadMaps(doc);
    const steps: string[] = [];
    for (const entry of maps.outbox.values()) {
      const status = outboxState(maps, entry.id)?.status;
      const step: OutboxStep | undefined =
        status === 'queued'
          ? 'sending'
          : status === 'sending'
            ? prng.pick<OutboxStep>(['sent', 'sent', 'sent', 'failed'])
            : status === 'failed' && prng.chance(0.2)
              ? 'sent'
              : undefined;
      if (!step) continue;
      const error = step === 'failed' ? '421 busy' : undefined;
      steps.push(`${entry.id} ${step} ${advanceOutbox(doc, entry.id, step, contextOf(device, prng), error)}`);
    }
    return `outbox ${steps.join(', ') || 'nothing to do'}`;
  },
];

function statusChange(prng: Prng, clock: WorldClock): StatusChange {
  const status = prng.pick(['open', 'pending', 'snoozed', 'closed'] as const);
  return status === 'snoozed' ? { status, until: clock.base + prng.int(4) * 600_000 } : { status };
}

const userOps: Op[] = [
  ({ prng, device, doc }) => {
    const user = prng.pick(USERS);
    return `assign ${user} ${assignThread(doc, user, contextOf(device, prng))}`;
  },
  ({ prng, device, doc }) => `unassign ${unassignThread(doc, contextOf(device, prng))}`,
  ({ prng, device, doc }) =>
    `claim ${JSON.stringify(claimThread(doc, contextOf(device, prng), { takeOver: prng.chance(0.3) }))}`,
  ({ prng, device, doc }) => `release ${releaseThread(doc, contextOf(device, prng))}`,
  ({ prng, clock, device, doc }) => {
    const change = statusChange(prng, clock);
    return `status ${JSON.stringify(change)} ${setThreadStatus(doc, change, contextOf(device, prng))}`;
  },
  ({ prng, device, doc }) => {
    const tag = prng.pick(TAGS);
    const ctx = contextOf(device, prng);
    return prng.chance(0.6)
      ? `tag +${tag} ${addTag(doc, tag, ctx)}`
      : `tag -${tag} ${removeTag(doc, tag, ctx)}`;
  },
  ({ prng, device, thread, doc }) => {
    const comments = [...threadMaps(doc).comments.values()];
    const parent = comments.length > 0 && prng.chance(0.4) ? prng.pick(comments).id : undefined;
    const mentions = USERS.filter(() => prng.chance(0.3));
    const comment = addComment(
      doc,
      { body: 'looks good @someone', mentions, ...(parent ? { parentId: parent } : {}) },
      contextOf(device, prng),
    );
    for (const user of mentionedUsers(comment)) {
      // As a client with append-only access does: write into a fresh doc, send only that update.
      const fresh = new Y.Doc();
      fresh.clientID = 1_000_000 + prng.int(1_000_000_000);
      notifyMention(fresh, { threadId: thread.threadId, mailboxId: thread.mailboxId, comment }, device);
      const update = Y.encodeStateAsUpdate(fresh);
      const verdict = checkNotificationAppend(update, comment.author);
      if (!verdict.ok) throw new Error(`append refused: ${verdict.reason}`);
      Y.applyUpdate(userDocOf(device.peer, user), update, device.actor);
    }
    return `comment ${comment.id} parent=${parent ?? '-'} mentions=${mentions.join(',')}`;
  },
  ({ prng, device, doc }) => {
    const own = [...threadMaps(doc).comments.values()].filter((c) => c.author === device.user && !c.deleted);
    if (own.length === 0) return 'no comment to delete';
    const id = prng.pick(own).id;
    return `delete comment ${id} ${deleteComment(doc, id, contextOf(device, prng))}`;
  },
  ({ prng, device, doc }) => {
    const notes = [...threadMaps(doc).notes.values()].filter((n) => !n.deleted);
    const ctx = contextOf(device, prng);
    if (notes.length === 0 || prng.chance(0.3))
      return `note ${addNote(doc, `note by ${device.peer.name}`, ctx).id}`;
    const id = prng.pick(notes).id;
    if (prng.chance(0.3)) return `delete note ${id} ${deleteNote(doc, id, ctx)}`;
    return `edit note ${id} ${updateNote(doc, id, `edited by ${device.peer.name} ${prng.int(1000)}`, ctx)}`;
  },
  ({ prng, device, doc }) => {
    const ctx = contextOf(device, prng);
    if (prng.chance(0.2)) return `discard draft ${discardDraft(doc, ctx)}`;
    saveDraft(
      doc,
      { to: [{ address: 'buyer@buyer.example' }], cc: [], subject: 'Re', body: `draft ${prng.int(1000)}` },
      ctx,
    );
    return 'save draft';
  },
  ({ prng, device, doc }) => {
    const input = {
      to: [{ address: 'buyer@buyer.example' }],
      cc: [],
      subject: 'Re',
      body: 'reply',
      messageIdDomain: 'wharf.example',
    };
    return `queue ${queueOutbox(doc, input, contextOf(device, prng)).id}`;
  },
  ({ prng, device, doc }) => {
    const ids = [...threadMaps(doc).outbox.keys()] as OutboxId[];
    if (ids.length === 0) return 'no outbox';
    const id = prng.pick(ids);
    const ctx = contextOf(device, prng);
    return prng.chance(0.5)
      ? `cancel ${id} ${advanceOutbox(doc, id, 'cancelled', ctx)}`
      : `retry ${id} ${retryOutbox(doc, id, ctx)}`;
  },
  ({ prng, device, doc }) => `read ${markThreadRead(doc, contextOf(device, prng))}`,
  ({ prng, device }) => {
    const userDoc = userDocOf(device.peer, device.user!);
    const ids = [...userMaps(userDoc).notifications.keys()];
    if (ids.length === 0 || prng.chance(0.3))
      return `read all notifications ${markAllNotificationsRead(userDoc, device)}`;
    return `read notification ${markNotificationRead(userDoc, prng.pick(ids), device)}`;
  },
];

/** One random step by one device; the bridge ingests and sends, users triage and discuss. */
export function randomOperation(prng: Prng, clock: WorldClock, device: Device): string {
  const thread = prng.pick(THREADS);
  const doc = device.peer.doc(thread.name);
  const env: OpEnv = { prng, clock, device, thread, doc };
  if (prng.chance(0.1)) {
    repairIndexRow(doc, indexDocsOf(device.peer), device.actor);
    return `${device.peer.name} repair ${thread.name}`;
  }
  const op = device.user ? prng.pick(userOps) : prng.pick(bridgeOps);
  return `${device.peer.name} ${thread.name}: ${op(env)}`;
}
