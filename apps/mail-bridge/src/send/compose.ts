// An outbox entry → the exact bytes that go out, composed once before the first attempt and kept:
// the Message-ID (fixed by the model when the entry was queued) and X-Wharf-Outbox-Id are what
// find the message in Sent after an ambiguous failure, so they never change between attempts.
import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingMessage {
  outboxId: string;
  messageIdHeader: string;
  from: { name: string; address: string };
  to: { name?: string; address: string }[];
  cc: { name?: string; address: string }[];
  subject: string;
  /** Plain text as written; HTML is derived from it. */
  body: string;
  signature: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  date: Date;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

export const OUTBOX_HEADER = 'X-Wharf-Outbox-Id';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function composeOutgoing(message: OutgoingMessage): Promise<Buffer> {
  const text = message.signature ? `${message.body}\n\n-- \n${message.signature}` : message.body;
  const html = `<div>${escapeHtml(message.body).replace(/\n/g, '<br>')}</div>${
    message.signature ? `<div>-- <br>${escapeHtml(message.signature).replace(/\n/g, '<br>')}</div>` : ''
  }`;
  const composer = new MailComposer({
    from: message.from,
    to: message.to.map((a) => ({ name: a.name ?? '', address: a.address })),
    cc: message.cc.map((a) => ({ name: a.name ?? '', address: a.address })),
    subject: message.subject,
    text,
    html,
    messageId: message.messageIdHeader,
    date: message.date,
    headers: { [OUTBOX_HEADER]: message.outboxId },
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references.length > 0 ? { references: message.references } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((err: Error | null, raw: Buffer) => (err ? reject(err) : resolve(raw)));
  });
}

/** RFC 5322 §3.6.4: References = the parent's References (or its In-Reply-To) + the parent's id. */
export function referencesFor(parent: {
  messageId: string | undefined;
  references: string[];
  inReplyTo: string | undefined;
}): string[] {
  const chain = parent.references.length > 0 ? parent.references : parent.inReplyTo ? [parent.inReplyTo] : [];
  return [...chain, ...(parent.messageId ? [parent.messageId] : [])];
}

export type SendOutcome =
  | { kind: 'sent' }
  /** A 4xx: nothing was accepted, trying again later is safe. */
  | { kind: 'retry'; reason: string }
  /** A 5xx or a refused login: trying again will not help. */
  | { kind: 'failed'; reason: string }
  /** The connection ended after the whole message was handed over: it may have been delivered. */
  | { kind: 'ambiguous'; reason: string };

/** Pure: an SMTP error → what to do, given whether the whole message had been transmitted. */
export function classifySendError(error: unknown, messageTransmitted: boolean): SendOutcome {
  const err = (typeof error === 'object' && error !== null ? error : {}) as {
    responseCode?: unknown;
    message?: unknown;
    response?: unknown;
  };
  const reason = String(err.response ?? err.message ?? error).slice(0, 300);
  const code = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  if (code !== undefined && code >= 400 && code < 500) return { kind: 'retry', reason };
  if (code !== undefined && code >= 500) return { kind: 'failed', reason };
  return messageTransmitted ? { kind: 'ambiguous', reason } : { kind: 'retry', reason };
}
