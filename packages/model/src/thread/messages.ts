// Creating and extending a thread from message references (the mail bridge's main write).
import type * as Y from 'yjs';
import type { MailboxId, MessageId, ThreadId } from '../ids.ts';
import { readMeta, writeMeta } from './maps.ts';
import { storedStatus } from './status.ts';
import { writeThread } from './write.ts';
import type { ThreadOpContext } from './write.ts';
import type { MessageRef } from './types.ts';

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
