// Message bodies live with the mail bridge, not in Yjs (design §2); the relay serves them behind
// the same session and mailbox grant. The service worker caches what was read for offline use.
export interface MessageBody {
  html: string | null;
  text: string | null;
}

export function messageUrl(mailboxId: string, messageId: string, part = 'body'): string {
  return `/api/mailboxes/${encodeURIComponent(mailboxId)}/messages/${encodeURIComponent(messageId)}/${part}`;
}

export function attachmentUrl(mailboxId: string, messageId: string, attachmentId: string): string {
  return messageUrl(mailboxId, messageId, `attachments/${encodeURIComponent(attachmentId)}`);
}

export async function fetchMessageBody(mailboxId: string, messageId: string): Promise<MessageBody> {
  const response = await fetch(messageUrl(mailboxId, messageId), { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`body ${response.status}`);
  const body = (await response.json()) as Partial<MessageBody>;
  return { html: body.html ?? null, text: body.text ?? null };
}
