// Which new notifications become desktop notifications. Pure: the browser's Notification API,
// its permission and where the user is looking are injected (app-shell.svelte wires them).
// Shown: a notification this tab has not seen before (any kind the user doc carries: mentions,
// SLA alerts, ...), unread, not caused by the user, while the user is not already looking at
// its thread in a focused window, and only with the permission granted.
import type { NotificationsView, UserId } from '@wharf/model';

export type NotificationItem = NotificationsView['items'][number];

export interface DesktopNotice {
  title: string;
  body: string;
  /** The notification id: the system shows one per tag, so two tabs of the app show it once. */
  tag: string;
  /** The thread it is about, to open on click. */
  href: string;
}

export interface DesktopNotifierDeps {
  me: UserId;
  permission(): NotificationPermission | 'unsupported';
  /** The thread (`/thread/<mailbox>/<thread>`) on screen in a focused window, if any. */
  focusedThreadHref(): string | undefined;
  title(item: NotificationItem): string;
  body(item: NotificationItem): string;
  show(notice: DesktopNotice): void;
}

export const threadHref = (item: Pick<NotificationItem, 'mailboxId' | 'threadId'>): string =>
  `/thread/${encodeURIComponent(item.mailboxId)}/${encodeURIComponent(item.threadId)}`;

export interface DesktopNotifier {
  /** Notifications that arrived (InboxState reports each id once); returns those shown. */
  arrived(items: readonly NotificationItem[]): DesktopNotice[];
}

export function createDesktopNotifier(deps: DesktopNotifierDeps): DesktopNotifier {
  const shown = new Set<string>();
  return {
    arrived(items) {
      if (deps.permission() !== 'granted') return [];
      const focused = deps.focusedThreadHref();
      const notices: DesktopNotice[] = [];
      for (const item of items) {
        if (item.read || shown.has(item.id)) continue;
        if (item.kind === 'mention' && item.by === deps.me) continue;
        const href = threadHref(item);
        if (href === focused) continue;
        shown.add(item.id);
        const notice = { title: deps.title(item), body: deps.body(item), tag: item.id, href };
        deps.show(notice);
        notices.push(notice);
      }
      return notices;
    },
  };
}
