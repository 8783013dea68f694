// A user's notifications, newest first, with read flags.
import type * as Y from 'yjs';
import type { ThreadId } from '../ids.ts';
import type { Notification } from '../user/user-doc.ts';
import { isMentionNotification, isNotification, userMaps } from '../user/user-doc.ts';
import { deepFreeze } from './freeze.ts';
import type { DeepReadonly } from './freeze.ts';

export interface NotificationsViewData {
  items: (Notification & { read: boolean })[];
  unreadCount: number;
}

export type NotificationsView = DeepReadonly<NotificationsViewData>;

export function notificationsView(userDoc: Y.Doc): NotificationsView {
  const maps = userMaps(userDoc);
  const items = [...maps.notifications.values()]
    .filter(isNotification)
    .map((n) => ({ ...n, read: maps.reads.has(n.id) }))
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return deepFreeze(structuredClone({ items, unreadCount: items.filter((n) => !n.read).length }));
}

/** Threads in which the user was mentioned: the `mentions` inbox view. */
export function mentionedThreadIds(userDoc: Y.Doc): Set<ThreadId> {
  return new Set(
    [...userMaps(userDoc).notifications.values()].filter(isMentionNotification).map((n) => n.threadId),
  );
}
