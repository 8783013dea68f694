// A user's own doc: notifications and personal settings. Other users may only append to it
// (access.ts: 'append'), so a commenter posts a mention by writing into a fresh Y.Doc and
// sending just that update; nothing in this module needs to read the doc first.
import type * as Y from 'yjs';
import type { OpContext } from '../deps.ts';
import type { CommentId, MailboxId, ThreadId, UserId } from '../ids.ts';
import { ensureSchema } from '../schema/migrations.ts';
import type { Comment } from '../thread/types.ts';

export interface MentionNotification {
  /** `mention:<commentId>`: the same mention sent twice is one notification (SPEC [MN1]). */
  id: string;
  kind: 'mention';
  threadId: ThreadId;
  mailboxId: MailboxId;
  commentId: CommentId;
  by: UserId;
  excerpt: string;
  at: number;
}

/**
 * A first-reply target missed or about to be (SPEC [SL4]); written by the mail bridge, which may
 * only append. No subject: a manager told of an escalation sees the thread's subject only if
 * they may read its mailbox (the web app takes it from the inbox rows it holds).
 */
export interface SlaNotification {
  /** `sla:<alert>:<mailboxId>:<threadId>`: one notification per alert per thread, however often sent. */
  id: string;
  kind: 'sla';
  alert: SlaNotificationAlert;
  threadId: ThreadId;
  mailboxId: MailboxId;
  /** When the first reply is (was) due. */
  dueAt: number;
  at: number;
}

export type SlaNotificationAlert = 'due-soon' | 'overdue' | 'escalated';
const SLA_ALERTS: readonly string[] = ['due-soon', 'overdue', 'escalated'] satisfies SlaNotificationAlert[];

export type Notification = MentionNotification | SlaNotification;

export function slaNotificationId(
  alert: SlaNotificationAlert,
  mailboxId: MailboxId,
  threadId: ThreadId,
): string {
  return `sla:${alert}:${mailboxId}:${threadId}`;
}

const isText = (value: unknown): value is string => typeof value === 'string';

/** Notifications are written by other users (append-only): the shape is checked, not assumed. */
export function isMentionNotification(value: unknown): value is MentionNotification {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    row.kind === 'mention' &&
    isText(row.id) &&
    row.id === `mention:${String(row.commentId)}` &&
    isText(row.threadId) &&
    isText(row.mailboxId) &&
    isText(row.commentId) &&
    isText(row.by) &&
    isText(row.excerpt) &&
    row.excerpt.length <= EXCERPT_LENGTH &&
    typeof row.at === 'number' &&
    Number.isFinite(row.at)
  );
}

export function isSlaNotification(value: unknown): value is SlaNotification {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    row.kind === 'sla' &&
    isText(row.alert) &&
    SLA_ALERTS.includes(row.alert) &&
    isText(row.threadId) &&
    isText(row.mailboxId) &&
    row.id === `sla:${row.alert}:${row.mailboxId}:${row.threadId}` &&
    typeof row.dueAt === 'number' &&
    Number.isFinite(row.dueAt) &&
    typeof row.at === 'number' &&
    Number.isFinite(row.at)
  );
}

export const isNotification = (value: unknown): value is Notification =>
  isMentionNotification(value) || isSlaNotification(value);

export interface UserMaps {
  notifications: Y.Map<Notification>;
  /** notification id → when it was read; kept apart so a re-sent notification never un-reads it. */
  reads: Y.Map<number>;
  settings: Y.Map<unknown>;
}

export function userMaps(doc: Y.Doc): UserMaps {
  return {
    notifications: doc.getMap('notifications'),
    reads: doc.getMap('reads'),
    settings: doc.getMap('settings'),
  };
}

const EXCERPT_LENGTH = 140;

export interface MentionSource {
  threadId: ThreadId;
  mailboxId: MailboxId;
  comment: Comment;
}

/** The users a comment should notify: its mentions, minus the author. */
export function mentionedUsers(comment: Comment): UserId[] {
  return comment.mentions.filter((user) => user !== comment.author);
}

/**
 * Writes a mention notification into the mentioned user's doc. Works on an empty doc (the
 * append-only case): the write does not depend on what the doc holds. The schema mark is
 * written too, with the same value every peer writes, so it merges without conflict.
 */
export function notifyMention(userDoc: Y.Doc, source: MentionSource, ctx: OpContext): MentionNotification {
  const { comment } = source;
  const notification: MentionNotification = {
    id: `mention:${comment.id}`,
    kind: 'mention',
    threadId: source.threadId,
    mailboxId: source.mailboxId,
    commentId: comment.id,
    by: comment.author,
    excerpt: comment.body.slice(0, EXCERPT_LENGTH),
    at: comment.at,
  };
  ensureSchema(userDoc, 'user');
  userDoc.transact(() => userMaps(userDoc).notifications.set(notification.id, notification), ctx.actor);
  return notification;
}

/**
 * Writes an SLA alert into a user's doc. Like `notifyMention` it works on an empty doc and does
 * not read it; the id is derived from the alert and the thread, so a repeat (a bridge restarted
 * between notifying and recording it) is the same row, and its read mark stays (SPEC [SL4]).
 */
export function notifySla(
  userDoc: Y.Doc,
  alert: { alert: SlaNotificationAlert; mailboxId: MailboxId; threadId: ThreadId; dueAt: number },
  ctx: OpContext,
): SlaNotification {
  const notification: SlaNotification = {
    id: slaNotificationId(alert.alert, alert.mailboxId, alert.threadId),
    kind: 'sla',
    alert: alert.alert,
    threadId: alert.threadId,
    mailboxId: alert.mailboxId,
    dueAt: alert.dueAt,
    at: ctx.deps.now(),
  };
  ensureSchema(userDoc, 'user');
  userDoc.transact(() => userMaps(userDoc).notifications.set(notification.id, notification), ctx.actor);
  return notification;
}

export function markNotificationRead(userDoc: Y.Doc, id: string, ctx: OpContext): boolean {
  const maps = userMaps(userDoc);
  if (maps.reads.has(id) || !maps.notifications.has(id)) return false;
  ensureSchema(userDoc, 'user');
  userDoc.transact(() => maps.reads.set(id, ctx.deps.now()), ctx.actor);
  return true;
}

export function markAllNotificationsRead(userDoc: Y.Doc, ctx: OpContext): number {
  const maps = userMaps(userDoc);
  const unread = [...maps.notifications.keys()].filter((id) => !maps.reads.has(id));
  if (unread.length === 0) return 0;
  ensureSchema(userDoc, 'user');
  const at = ctx.deps.now();
  userDoc.transact(() => {
    for (const id of unread) maps.reads.set(id, at);
  }, ctx.actor);
  return unread.length;
}

export function setUserSetting(userDoc: Y.Doc, key: string, value: unknown, ctx: OpContext): void {
  ensureSchema(userDoc, 'user');
  userDoc.transact(() => userMaps(userDoc).settings.set(key, value), ctx.actor);
}
