import type { CustomerId, MailboxId, MessageId, ThreadId, UserId } from '@wharf/model';

export interface Participant {
  readonly name?: string | null;
  readonly address: string;
}

export interface SearchAttachment {
  readonly filename: string;
  /** Extracted text (see `@wharf/search/extract`); empty when extraction failed. */
  readonly text: string;
  /** Why the text is missing (e.g. `timeout: stopped after 10000 ms`); the file is found by name only. */
  readonly skipped?: string;
}

/** One searchable message, as the mail bridge stores it and the web app holds it. */
export interface SearchDocument {
  readonly key: MessageId;
  readonly mailbox: MailboxId;
  readonly thread: ThreadId;
  /** Milliseconds since the epoch. */
  readonly date: number;
  readonly subject: string;
  readonly from: readonly Participant[];
  /** To and Cc. */
  readonly to: readonly Participant[];
  readonly body: string;
  readonly attachments: readonly SearchAttachment[];
  /** Comments and notes: searchable only by members of the mailbox (see SearchScope). */
  readonly internal: readonly string[];
  readonly status?: string | null;
  readonly assignee?: UserId | null;
  readonly customer?: CustomerId | null;
  readonly tags?: readonly string[];
}

export function participantsText(participants: readonly Participant[]): string {
  return participants.map((p) => (p.name ? `${p.name} <${p.address}>` : p.address)).join(', ');
}

/** Which mailboxes a user may search, and in which of them internal content (comments, notes) too. */
export interface SearchScope {
  readonly readable: readonly MailboxId[];
  /** Subset of `readable` whose internal content the user may see (members of the mailbox). */
  readonly internal: readonly MailboxId[];
}

/** A string with ranges to emphasise. Offsets are UTF-16 indices into `text`; render as text, never HTML. */
export interface Highlighted {
  readonly text: string;
  readonly highlights: ReadonlyArray<readonly [start: number, end: number]>;
}

export type SnippetSource = 'subject' | 'body' | 'attachment' | 'internal' | 'participants';

export interface Snippet extends Highlighted {
  readonly source: SnippetSource;
  /** The attachment's file name when the snippet comes from one. */
  readonly filename?: string;
}

export interface SearchHit {
  readonly key: MessageId;
  readonly mailbox: MailboxId;
  readonly thread: ThreadId;
  readonly date: number;
  /** Higher is better; 0 when the query has no words (results by date). */
  readonly score: number;
  readonly subject: Highlighted;
  readonly snippet: Snippet;
}
