// Message bodies live with the mail bridge, not in Yjs (design §2); the relay serves them behind
// the same session and mailbox grant (apps/mail-bridge/src/http/bridge-routes.ts). The service
// worker keeps what was read for offline use.
import { inlineParts, resolveInlineImages, type InlinePart } from '../mail/inline-images.ts';
import { storedParts, type StoredPart } from './message-state.ts';

export interface MessageBody {
  html: string | null;
  text: string | null;
  /** The bridge has the envelope but has not fetched the body yet. */
  pending: boolean;
  /** Image parts the HTML may show by `cid:`. */
  inline: InlinePart[];
  /** Every attachment as the bridge holds it: exact sizes of the downloaded ones. */
  parts: StoredPart[];
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
  const body = (await response.json()) as {
    html?: string;
    text?: string;
    bodyState?: string;
    attachments?: unknown;
  };
  return {
    html: body.html ?? null,
    text: body.text ?? null,
    pending: body.bodyState === 'pending',
    inline: inlineParts(body.attachments),
    parts: storedParts(body.attachments),
  };
}

/**
 * The message's `cid:` images as data: URLs by content id. `?inline` marks the request for the
 * service worker, which keeps inline parts (not downloads) for offline reading.
 */
export function fetchInlineImages(
  mailboxId: string,
  messageKey: string,
  body: MessageBody,
): Promise<Map<string, string>> {
  if (!body.html || body.inline.length === 0) return Promise.resolve(new Map<string, string>());
  return resolveInlineImages(body.html, body.inline, {
    async fetchPart(attachmentId) {
      const url = `${attachmentUrl(mailboxId, messageKey, attachmentId)}?inline`;
      const response = await fetch(url, { credentials: 'same-origin' });
      return response.ok ? response.blob() : undefined;
    },
    toDataUrl: (blob) =>
      new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.onerror = () => reject(reader.error ?? new Error('could not read an inline image'));
        reader.readAsDataURL(blob);
      }),
  });
}
