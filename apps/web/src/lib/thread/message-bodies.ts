// Message bodies live with the mail bridge, not in Yjs (design §2); the relay serves them behind
// the same session and mailbox grant (apps/mail-bridge/src/http/bridge-routes.ts). The service
// worker keeps what was read for offline use.
export interface MessageBody {
  html: string | null;
  text: string | null;
  /** The bridge has the envelope but has not fetched the body yet. */
  pending: boolean;
}

export function messageUrl(mailboxId: string, messageKey: string, part?: string): string {
  const base = `/api/mailboxes/${encodeURIComponent(mailboxId)}/messages/${encodeURIComponent(messageKey)}`;
  return part ? `${base}/${part}` : base;
}

/** Attachments are addressed by their content hash, which is the id in the thread doc. */
export function attachmentUrl(mailboxId: string, messageKey: string, attachmentId: string): string {
  return messageUrl(mailboxId, messageKey, `attachments/${encodeURIComponent(attachmentId)}`);
}

export async function fetchMessageBody(mailboxId: string, messageKey: string): Promise<MessageBody> {
  const response = await fetch(messageUrl(mailboxId, messageKey), { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`body ${response.status}`);
  const body = (await response.json()) as { html?: string; text?: string; bodyState?: string };
  return { html: body.html ?? null, text: body.text ?? null, pending: body.bodyState === 'pending' };
}
