// Sending new mail from the browser: a new thread in the mailbox sent from, assigned to the
// author, with the message queued and the inbox row written, in one local change (model SPEC
// [NW1]); it syncs when the relay is reachable, like any other write.
import {
  docName,
  HOT_BUCKET,
  setUserSetting,
  startOutgoingThread,
  threadId as toThreadId,
  userMaps,
  type MailboxId,
  type OutboxAttachment,
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

/**
 * A new mail being written has no thread yet, so its draft lives in the author's own user doc
 * (synced, cached offline, private to them): it survives a reload and follows them to another
 * device. Cleared when the mail is sent.
 */
export interface NewMailDraft {
  from: string;
  to: string;
  cc: string;
  subject: string;
  body: string;
  attachments: OutboxAttachment[];
}

const NEW_MAIL_DRAFT = 'compose.newMailDraft';

const userDocOf = (session: AppSession) =>
  session.docs.open(docName({ kind: 'user', userId: session.userId }));

export async function loadNewMailDraft(session: AppSession): Promise<NewMailDraft | undefined> {
  const draft = userMaps(await userDocOf(session)).settings.get(NEW_MAIL_DRAFT) as
    NewMailDraft | null | undefined;
  return draft ?? undefined;
}

/** Saves the draft, or clears it (`undefined`, or nothing written yet). */
export async function saveNewMailDraft(session: AppSession, draft: NewMailDraft | undefined): Promise<void> {
  const empty =
    !draft || (!draft.to && !draft.cc && !draft.subject && !draft.body && draft.attachments.length === 0);
  const doc = await userDocOf(session);
  const current = userMaps(doc).settings.get(NEW_MAIL_DRAFT) ?? null;
  const next = empty ? null : draft;
  if (JSON.stringify(current) !== JSON.stringify(next))
    setUserSetting(doc, NEW_MAIL_DRAFT, next, session.opContext());
}
