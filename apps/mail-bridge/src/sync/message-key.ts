// Pure core: the identity of a message across folders. The same message sits in INBOX and in a
// label/folder copy with the same Message-ID and the same content; two different messages can
// share a Message-ID (bounces, broken senders, forged ids), so the id alone never dedupes.
// Computed from what the metadata-first FETCH returns, so dedup works before any body is fetched.
import { createHash } from 'node:crypto';

export interface MessageFingerprint {
  messageId: string | undefined;
  /** RFC822.SIZE */
  size: number;
  /** The raw Date header or envelope date string, as sent. */
  date: string | undefined;
  subject: string | undefined;
  from: string | undefined;
  /** A stable serialisation of BODYSTRUCTURE. */
  structure: string;
}

export function messageKey(f: MessageFingerprint): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([f.messageId ?? '', f.size, f.date ?? '', f.subject ?? '', f.from ?? '', f.structure]),
    )
    .digest('base64url')
    .slice(0, 32);
  return hash;
}
