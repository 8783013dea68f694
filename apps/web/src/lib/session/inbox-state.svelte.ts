// The inbox: every index bucket of the user's mailboxes that the views need (the hot bucket plus
// recent month buckets for Closed), and the user's own doc (notifications, mentions).
import type * as Y from 'yjs';
import {
  collectRows,
  docName,
  HOT_BUCKET,
  markAllNotificationsRead,
  markNotificationRead,
  mentionedThreadIds,
  notificationsView,
  type BucketDoc,
  type NotificationsView,
  type ThreadId,
  type ThreadSummary,
} from '@wharf/model';
import type { AppSession } from './app-session.svelte.ts';

/** How many month buckets (this month included) the Closed view reads. */
const CLOSED_MONTHS = 3;

export function recentMonthBuckets(now: number, months: number): string[] {
  const date = new Date(now);
  const buckets: string[] = [];
  for (let i = 0; i < months; i += 1) {
    const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - i, 1));
    buckets.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return buckets;
}

export class InboxState {
  #summaries = $state.raw<readonly ThreadSummary[]>([]);
  #mentioned = $state.raw<ReadonlySet<ThreadId>>(new Set());
  #notifications = $state.raw<NotificationsView>({ items: [], unreadCount: 0 });
  #loaded = $state.raw(false);
  readonly #session: AppSession;
  readonly #buckets = new Map<string, BucketDoc>();
  #userDoc: Y.Doc | undefined;
  #scheduled = false;
  #cleanup: (() => void)[] = [];
  #onNotification: ((view: NotificationsView) => void) | undefined;

  constructor(session: AppSession, options: { onNewNotification?: (view: NotificationsView) => void } = {}) {
    this.#session = session;
    this.#onNotification = options.onNewNotification;
  }

  get summaries(): readonly ThreadSummary[] {
    return this.#summaries;
  }
  get mentioned(): ReadonlySet<ThreadId> {
    return this.#mentioned;
  }
  get notifications(): NotificationsView {
    return this.#notifications;
  }
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Opens the user doc and the buckets of every readable mailbox; call again when mailboxes change. */
  async sync(): Promise<void> {
    if (!this.#userDoc) {
      const doc = await this.#session.docs.open(docName({ kind: 'user', userId: this.#session.userId }));
      this.#userDoc = doc;
      this.#watch(doc);
    }
    const buckets = [HOT_BUCKET, ...recentMonthBuckets(this.#session.now, CLOSED_MONTHS)];
    const opening: Promise<void>[] = [];
    for (const mailboxId of this.#session.mailboxes)
      for (const bucket of buckets) {
        const name = docName({ kind: 'index', mailboxId, bucket });
        if (this.#buckets.has(name)) continue;
        opening.push(
          this.#session.docs.open(name).then((doc) => {
            this.#buckets.set(name, { bucket, doc });
            this.#watch(doc);
          }),
        );
      }
    await Promise.all(opening);
    this.#recompute();
    this.#loaded = true;
  }

  #watch(doc: Y.Doc): void {
    const onUpdate = () => this.#schedule();
    doc.on('update', onUpdate);
    this.#cleanup.push(() => doc.off('update', onUpdate));
  }

  // Many updates arrive in bursts (a catch-up, a bridge batch): recompute once per burst.
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#recompute();
    });
  }

  #recompute(): void {
    this.#summaries = collectRows([...this.#buckets.values()]);
    if (this.#userDoc) {
      const before = this.#notifications;
      this.#mentioned = mentionedThreadIds(this.#userDoc);
      this.#notifications = notificationsView(this.#userDoc);
      const fresh = this.#notifications.items.filter(
        (item) => !item.read && !before.items.some((old) => old.id === item.id),
      );
      if (fresh.length > 0 && this.#loaded) this.#onNotification?.(this.#notifications);
    }
  }

  markRead(id: string): void {
    if (this.#userDoc) markNotificationRead(this.#userDoc, id, this.#session.opContext());
  }

  markAllRead(): void {
    if (this.#userDoc) markAllNotificationsRead(this.#userDoc, this.#session.opContext());
  }

  destroy(): void {
    for (const fn of this.#cleanup.splice(0)) fn();
  }
}
