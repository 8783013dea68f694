// Sending new mail from the browser: a new thread in the mailbox sent from, assigned to the
// author, with the message queued and the inbox row written, in one local change (model SPEC
// [NW1]); it syncs when the relay is reachable, like any other write.
import {
  docName,
  HOT_BUCKET,
  startOutgoingThread,
  threadId as toThreadId,
  type MailboxId,
  type OutboxInput,
  type ThreadId,
} from '@wharf/model';
import type { AppSession } from '../session/app-session.svelte.ts';

export async function sendNewMail(
  session: AppSession,
  mailboxId: MailboxId,
  input: Omit<OutboxInput, 'inReplyTo' | 'kind' | 'messageIdDomain'>,
): Promise<ThreadId> {
  const threadId = toThreadId(session.model.newId());
  const mailbox = session.workspace?.mailboxes.find((m) => m.id === mailboxId);
  const hotName = docName({ kind: 'index', mailboxId, bucket: HOT_BUCKET });
  const [doc, hot] = await Promise.all([
    session.docs.open(docName({ kind: 'thread', mailboxId, threadId })),
    session.docs.open(hotName),
  ]);
  startOutgoingThread(
    doc,
    { threadId, mailboxId, subject: input.subject },
    { ...input, messageIdDomain: mailbox?.address.split('@')[1] ?? 'wharf.invalid' },
    {
      ...session.opContext(),
      index: (_mailbox, bucket) => {
        if (bucket !== HOT_BUCKET) throw new Error(`a new thread's row goes to hot, not ${bucket}`);
        return hot;
      },
    },
  );
  return threadId;
}
