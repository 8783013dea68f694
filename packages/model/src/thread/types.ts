// Row shapes of a thread doc. Rows are plain JSON values in Y.Maps (design §2: ~4.5× less heap
// than nested Y.Maps); a row is replaced whole, so each row has one natural writer or a rule in
// SPEC.md that makes its last-writer-wins outcome acceptable.
import type { Actor } from '../deps.ts';
import type { CommentId, CustomerId, MailboxId, MessageId, OutboxId, ThreadId, UserId } from '../ids.ts';

export interface Address {
  name?: string;
  address: string;
}

export interface AttachmentMeta {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * What the IMAP server says about a message, as the mail bridge last synced it: flags set there by
 * any client (Outlook, a phone) and the folders the message sits in (SPEC [SV1]–[SV4]).
 */
export interface MessageServerState {
  /** Synced folders that hold the message now, sorted; empty once it was expunged from all. */
  folders: string[];
  seen: boolean;
  answered: boolean;
  flagged: boolean;
  /** \\Deleted is set and the message awaits EXPUNGE. */
  deleted: boolean;
  /** Set when the message left every synced folder: where it was last. It stays in Wharf's archive. */
  removedFrom?: string[];
  /**
   * Set with `removedFrom` when the message was found in the mailbox's Trash or Junk folder (not
   * synced): another client deleted it or marked it as junk (SPEC [SV5]).
   */
  movedTo?: ServerMove;
}

/** A message that left the synced folders for the \\Trash or \\Junk special-use folder (SPEC [SV5]). */
export interface ServerMove {
  kind: 'trash' | 'junk';
  /** The folder's path on the server, e.g. `Deleted Items`. */
  folder: string;
}

/** A reference to a message held by the mail bridge; bodies and attachments never enter Yjs. */
export interface MessageRef {
  id: MessageId;
  messageIdHeader: string;
  from: Address;
  to: Address[];
  cc: Address[];
  /** Milliseconds since the epoch, from the Date header (or arrival when absent). */
  date: number;
  subject: string;
  snippet: string;
  direction: 'in' | 'out';
  hasAttachments: boolean;
  attachments: AttachmentMeta[];
  parseError?: string;
  /** Absent on refs written before the bridge followed server flags. */
  server?: MessageServerState;
}

export interface ThreadMeta {
  threadId: ThreadId;
  mailboxId: MailboxId;
  subject: string;
  createdAt: number;
}

export type ThreadPriority = 'low' | 'normal' | 'high' | 'urgent';
export type RoutingOutcome = 'owner' | 'rule' | 'unassigned' | 'spam';

/**
 * The routing decision of a thread, written once in the transaction that applies it: its presence
 * is what makes routing happen exactly once per thread (SPEC [RT8]).
 */
export interface RoutingValue {
  outcome: RoutingOutcome;
  assigneeId: UserId | null;
  ruleId: string | null;
  reason: { en: string; zh: string };
  steps: { en: string; zh: string }[];
  at: number;
  by: Actor;
}

export interface PriorityValue {
  priority: ThreadPriority | null;
  at: number;
  by: Actor;
}

export interface SpamValue {
  spam: boolean;
  at: number;
  by: Actor;
}

export type StatusName = 'open' | 'pending' | 'snoozed' | 'closed';

/**
 * The status as written. `inboundSeen` is how many inbound messages the writer knew of: an
 * inbound message beyond that count reopens a pending, snoozed or closed thread (SPEC [ST2]).
 */
export interface StatusValue {
  status: StatusName;
  until?: number;
  at: number;
  by: Actor;
  inboundSeen: number;
  /** Closed on import: the thread was already history when the mail bridge first wrote it (SPEC [ST4]). */
  history?: true;
}

export interface AssigneeValue {
  assignee: UserId | null;
  at: number;
  by: Actor;
}

export interface ClaimValue {
  userId: UserId | null;
  at: number;
  by: Actor;
}

export interface Comment {
  id: CommentId;
  author: UserId;
  body: string;
  mentions: UserId[];
  parentId?: CommentId;
  at: number;
  deleted?: boolean;
}

export interface Note {
  id: string;
  author: UserId;
  body: string;
  at: number;
  updatedAt: number;
  deleted?: boolean;
}

/**
 * A file to send, by reference: the bytes are in the mail bridge's store under `sha256`, never in
 * a doc (SPEC [MS2], [OB5]).
 */
export interface OutboxAttachment {
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
  /** Carried over from this message of the thread (a forward); absent: uploaded by the author. */
  fromMessage?: MessageId;
}

export type ComposeKind = 'reply' | 'replyAll' | 'forward' | 'new';

export interface Draft {
  userId: UserId;
  to: Address[];
  cc: Address[];
  subject: string;
  body: string;
  inReplyTo?: MessageId;
  attachments?: OutboxAttachment[];
  kind?: ComposeKind;
  /** "Name via Sales": sign the From with the author's name where the mailbox allows it. */
  sendAsVia?: boolean;
  sendAt?: number;
  updatedAt: number;
}

export interface OutboxEntry {
  id: OutboxId;
  author: UserId;
  to: Address[];
  cc: Address[];
  subject: string;
  body: string;
  inReplyTo?: MessageId;
  attachments?: OutboxAttachment[];
  kind?: ComposeKind;
  sendAsVia?: boolean;
  /** Not before this time (scheduled sending, SPEC [SC1]); absent: as soon as possible. */
  sendAt?: number;
  /**
   * A fresh id per edit (two devices editing at once never share one); an approval is for one
   * revision (SPEC [AP3]). Absent: the entry's id.
   */
  revision?: string;
  /** Why the author's client found that this needs approval (SPEC [AP1]); the bridge checks again. */
  approvalReasons?: { en: string; zh: string }[];
  /** Fixed before the first attempt so a resend can be detected in Sent (design §4). */
  messageIdHeader: string;
  createdAt: number;
}

/** A manager's or admin's decision on one revision of an entry, written by the relay (SPEC [AP2]). */
export interface OutboxApproval {
  outboxId: OutboxId;
  revision: string;
  decision: 'approved' | 'rejected';
  by: UserId;
  at: number;
  note?: string;
}

/** The bridge found that an entry needs approval and has none: it holds it (SPEC [AP1]). */
export interface OutboxHold {
  outboxId: OutboxId;
  revision: string;
  reasons: { en: string; zh: string }[];
  at: number;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** One step of an outbox entry; the steps form a grow-only set (SPEC [OB1]). */
export interface OutboxEvent {
  outboxId: OutboxId;
  attempt: number;
  status: OutboxStatus;
  at: number;
  by: Actor;
  error?: string;
  /** On `sending`: the revision of the entry the bridge composed (SPEC [SC2]). */
  revision?: string;
}

export type ActivityAction =
  | { type: 'message-added'; messageId: MessageId; direction: 'in' | 'out' }
  | { type: 'reopened'; messageId: MessageId }
  | { type: 'removed-from-server'; messageId: MessageId; folders: string[] }
  | { type: 'moved-on-server'; messageId: MessageId; folders: string[]; to: ServerMove }
  | { type: 'assigned'; assignee: UserId }
  | { type: 'unassigned' }
  | { type: 'claimed'; userId: UserId }
  | { type: 'released'; userId: UserId }
  | { type: 'status'; status: StatusName; until?: number; history?: true }
  | { type: 'tag-added'; tag: string }
  | { type: 'tag-removed'; tag: string }
  | { type: 'customer-linked'; customerId: CustomerId | null }
  | { type: 'routed'; outcome: RoutingOutcome; ruleId: string | null; reason: { en: string; zh: string } }
  | { type: 'priority'; priority: ThreadPriority | null }
  | { type: 'spam'; spam: boolean }
  | { type: 'handed-over'; what: 'draft' | 'outbox'; from: UserId; to: UserId }
  | { type: 'comment-added'; commentId: CommentId; parentId?: CommentId; mentions: UserId[] }
  | { type: 'comment-deleted'; commentId: CommentId }
  | { type: 'note-added'; noteId: string }
  | { type: 'note-updated'; noteId: string }
  | { type: 'note-deleted'; noteId: string }
  | { type: 'draft-created' }
  | { type: 'draft-discarded' }
  | { type: 'outbox-queued'; outboxId: OutboxId }
  | { type: 'outbox-edited'; outboxId: OutboxId; revision: string }
  | { type: 'outbox-approval'; outboxId: OutboxId; revision: string; decision: 'approved' | 'rejected' }
  | { type: 'outbox-held'; outboxId: OutboxId; revision: string }
  /** Sent although others had replied or queued mail since the author started (SPEC [RA1]). */
  | { type: 'reply-anyway'; outboxId: OutboxId; despite: string[] }
  | { type: 'outbox-status'; outboxId: OutboxId; attempt: number; status: OutboxStatus };

export interface ActivityEntry {
  id: string;
  at: number;
  by: Actor;
  action: ActivityAction;
}
