// New mail: a conversation that starts with our message, not the customer's. The author's client
// creates the thread doc in the mailbox it sends from, assigns it to the author (so routing,
// which only places unassigned threads, leaves it alone) and queues the message, in one change.
// The mail bridge ties the sent copy to this thread by its Message-ID (SPEC [NW1]).
import type * as Y from 'yjs';
import { repairIndexRow } from '../index-doc/repair.ts';
import type { ThreadStart } from './messages.ts';
import { addMessages } from './messages.ts';
import { queueOutbox } from './outbox.ts';
import type { OutboxInput } from './outbox.ts';
import { assignThread } from './triage.ts';
import type { OutboxEntry } from './types.ts';
import { requireUser } from './write.ts';
import type { ThreadOpContext } from './write.ts';

export function startOutgoingThread(
  doc: Y.Doc,
  start: ThreadStart,
  input: Omit<OutboxInput, 'inReplyTo' | 'kind'>,
  ctx: ThreadOpContext,
): OutboxEntry {
  const author = requireUser(ctx);
  const { index, ...inner } = ctx;
  let entry!: OutboxEntry;
  doc.transact(() => {
    addMessages(doc, start, [], inner);
    assignThread(doc, author, inner);
    entry = queueOutbox(doc, { ...input, kind: 'new' }, inner);
  }, ctx.actor);
  if (index) repairIndexRow(doc, index, ctx.actor);
  return entry;
}
