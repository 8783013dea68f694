// Creating and extending a thread from message references (the mail bridge's main write).
import type * as Y from 'yjs';
import type { MailboxId, MessageId, ThreadId } from '../ids.ts';
import { readMeta, threadMaps, writeMeta } from './maps.ts';
import { storedStatus } from './status.ts';
import { writeThread } from './write.ts';
import type { ThreadOpContext } from './write.ts';
import type { MessageRef, MessageServerState } from './types.ts';

export interface ThreadStart {
  threadId: ThreadId;
  mailboxId: MailboxId;
  subject: string;
}

export interface AddMessagesResult {
  added: MessageId[];
  /** True when a new inbound message reopened a pending, snoozed or closed thread (SPEC [ST2]). */
  reopened: boolean;
}

/**
 * Creates the thread if needed and adds the messages it does not hold yet. Idempotent: a message
 * already present (by id) is left as it is, so re-ingesting a folder adds nothing (SPEC [MS1]).
 */
export function addMessages(
  doc: Y.Doc,
  start: ThreadStart,
  messages: readonly MessageRef[],
  ctx: ThreadOpContext,
): AddMessagesResult {
  return writeThread(doc, ctx, ({ maps, log }) => {
    if (!readMeta(maps, 'thread')) writeMeta(maps, 'thread', { ...start, createdAt: ctx.deps.now() });
    const before = storedStatus(maps).status;
    const added: MessageId[] = [];
    for (const message of messages) {
      if (maps.messages.has(message.id)) continue;
      maps.messages.set(message.id, message);
      added.push(message.id);
      log({ type: 'message-added', messageId: message.id, direction: message.direction });
    }
    const reopened = before !== 'open' && storedStatus(maps).status === 'open';
    const firstInbound = messages.find((m) => m.direction === 'in' && added.includes(m.id));
    if (reopened && firstInbound) log({ type: 'reopened', messageId: firstInbound.id });
    return { added, reopened };
  });
}

const sameState = (a: MessageServerState | undefined, b: MessageServerState) =>
  a !== undefined &&
  a.seen === b.seen &&
  a.answered === b.answered &&
  a.flagged === b.flagged &&
  a.deleted === b.deleted &&
  a.folders.join('\n') === b.folders.join('\n') &&
  (a.removedFrom ?? []).join('\n') === (b.removedFrom ?? []).join('\n') &&
  a.movedTo?.kind === b.movedTo?.kind &&
  a.movedTo?.folder === b.movedTo?.folder;

/**
 * The mail bridge records what the IMAP server says about messages the thread holds (SPEC [SV1]).
 * Unknown messages and unchanged states are skipped; only a removal from the server is logged
 * (SPEC [SV3]), or a move to Trash or Junk found by the bridge (SPEC [SV5]). Returns the ids whose state changed.
 */
export function setServerStates(
  doc: Y.Doc,
  states: readonly { id: MessageId; server: MessageServerState }[],
  ctx: ThreadOpContext,
): MessageId[] {
  const maps = threadMaps(doc);
  const changes = states.filter(({ id, server }) => {
    const held = maps.messages.get(id);
    return held !== undefined && !sameState(held.server, server);
  });
  if (changes.length === 0) return [];
  return writeThread(doc, ctx, ({ maps, log }) =>
    changes.map(({ id, server }) => {
      const held = maps.messages.get(id)!;
      maps.messages.set(id, { ...held, server });
      // one entry per removal: where it went when the bridge found it in Trash or Junk (SPEC [SV5])
      if (server.removedFrom && server.movedTo && !held.server?.movedTo)
        log({ type: 'moved-on-server', messageId: id, folders: server.removedFrom, to: server.movedTo });
      else if (server.removedFrom && !held.server?.removedFrom)
        log({ type: 'removed-from-server', messageId: id, folders: server.removedFrom });
      return id;
    }),
  );
}
