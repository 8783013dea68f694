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

export type Notification = MentionNotification;

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
