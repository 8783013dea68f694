// The inbox: every index bucket of the user's mailboxes that the views need (the hot bucket plus
// recent month buckets for Closed), and the user's own doc (notifications, mentions).
//
// First paint from the local cache, fastest first: the first-screen snapshot (plain rows stored
// beside the docs, used only when it matches their cached logs exactly), else the rows of the
// first bucket decoded. Either is shown as loading (`loaded` false: no counts) until every bucket
// is in; then the live docs replace it and the snapshot is written again.
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
import type { NotificationItem } from './desktop-notifications.ts';
import { INBOX_SNAPSHOT_KEY, inboxSnapshot, usableSnapshot } from './inbox-snapshot.ts';

/** How many month buckets (this month included) the Closed view reads. */
const CLOSED_MONTHS = 3;
/** The snapshot is rewritten at most this often while the rows change. */
const SNAPSHOT_EVERY_MS = 3_000;

export function recentMonthBuckets(now: number, months: number): string[] {
  const date = new Date(now);
  const buckets: string[] = [];
  for (let i = 0; i < months; i += 1) {
    const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - i, 1));
    buckets.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return buckets;
}

/** Where the rows on screen come from. */
export type InboxSource = 'none' | 'snapshot' | 'partial' | 'live';

export interface InboxStateOptions {
  /** Notifications that reached the user doc after it was opened, each reported once. */
  onNewNotifications?: (items: readonly NotificationItem[]) => void;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

export class InboxState {
  #summaries = $state.raw<readonly ThreadSummary[]>([]);
  #mentioned = $state.raw<ReadonlySet<ThreadId>>(new Set());
  #notifications = $state.raw<NotificationsView>({ items: [], unreadCount: 0 });
  #loaded = $state.raw(false);
  #source = $state.raw<InboxSource>('none');
  readonly #session: AppSession;
  readonly #buckets = new Map<string, BucketDoc>();
  readonly #timers: NonNullable<InboxStateOptions['timers']>;
  #userDoc: Y.Doc | undefined;
  #userDocName: string | undefined;
  #scheduled = false;
  #snapshotTimer: unknown;
  #startedOnce = false;
  #snapshotPending = false;
  #cleanup: (() => void)[] = [];
  #onNotifications: InboxStateOptions['onNewNotifications'];
  /** Ids of the notifications already seen (held when the user doc was opened, or reported). */
  readonly #knownNotifications = new Set<string>();

  constructor(session: AppSession, options: InboxStateOptions = {}) {
    this.#session = session;
    this.#onNotifications = options.onNewNotifications;
    this.#timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as number),
    };
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
  /** Every bucket is loaded: the rows and counts are the docs' (before: a first screen only). */
  get loaded(): boolean {
    return this.#loaded;
  }
  get source(): InboxSource {
    return this.#source;
  }

  /** Opens the user doc and the buckets of every readable mailbox; call again when mailboxes change. */
  async sync(): Promise<void> {
    const userDocName = docName({ kind: 'user', userId: this.#session.userId });
    const wanted = this.#bucketNames();
    const first = !this.#startedOnce;
    this.#startedOnce = true;
    const docs = [...wanted.map((b) => b.name), userDocName];
    // Asked before any doc is opened, so its IndexedDB requests are served first.
    const snapshot = first ? this.#session.docs.readSnapshot(INBOX_SNAPSHOT_KEY, docs) : undefined;
    const opening: Promise<void>[] = [];
    if (!this.#userDoc)
      opening.push(
        this.#session.docs.open(userDocName).then((doc) => {
          // What the cached doc holds is not news; what syncs in from here on is.
          for (const item of notificationsView(doc).items) this.#knownNotifications.add(item.id);
          this.#userDoc = doc;
          this.#userDocName = userDocName;
          this.#watch(doc);
        }),
      );
    for (const { name, bucket } of wanted) {
      if (this.#buckets.has(name)) continue;
      opening.push(
        this.#session.docs.open(name).then((doc) => {
          this.#buckets.set(name, { bucket, doc });
          this.#watch(doc);
          if (!this.#loaded && this.#source === 'none') this.#schedule();
        }),
      );
    }
    let snapshotShown = false;
    if (snapshot) {
      // Buckets decoded meanwhile wait for it: the snapshot is the better first screen.
      this.#snapshotPending = true;
      void snapshot.then((value) => {
        this.#snapshotPending = false;
        const found = usableSnapshot(value);
        if (this.#loaded || this.#source !== 'none') return;
        if (!found) return this.#schedule();
        this.#summaries = found.rows;
        if (!this.#userDoc) this.#mentioned = new Set(found.mentioned);
        this.#source = 'snapshot';
        snapshotShown = true;
      });
    }
    await Promise.all(opening);
    this.#loaded = true;
    this.#source = 'live';
    this.#recompute();
    // A snapshot that matched needs no rewrite until something changes; else write one soon
    // (the next start may come seconds from now).
    if (!snapshotShown) this.#scheduleSnapshot(0);
  }

  /** Hot buckets first: they hold what most views list. */
  #bucketNames(): { name: string; bucket: string }[] {
    const buckets = [HOT_BUCKET, ...recentMonthBuckets(this.#session.now, CLOSED_MONTHS)];
    return buckets.flatMap((bucket) =>
      this.#session.mailboxes.map((mailboxId) => ({
        name: docName({ kind: 'index', mailboxId, bucket }),
        bucket,
      })),
    );
  }

  #watch(doc: Y.Doc): void {
    const onUpdate = () => {
      this.#schedule();
      if (this.#loaded) this.#scheduleSnapshot();
    };
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
    // While loading, a snapshot stays until every bucket is in, and the first bucket's rows are
    // shown once (recomputing 50,000 rows bucket by bucket would cost more than it shows).
    if (this.#loaded || (this.#source === 'none' && !this.#snapshotPending)) {
      this.#summaries = collectRows([...this.#buckets.values()]);
      if (!this.#loaded && this.#summaries.length > 0) this.#source = 'partial';
    }
    if (this.#userDoc) {
      this.#mentioned = mentionedThreadIds(this.#userDoc);
      this.#notifications = notificationsView(this.#userDoc);
      const arrived = this.#notifications.items.filter((item) => !this.#knownNotifications.has(item.id));
      for (const item of arrived) this.#knownNotifications.add(item.id);
      if (arrived.length > 0) this.#onNotifications?.(arrived);
    }
  }

  // Every doc update comes here once loaded; the snapshot follows at most every few seconds.
  #scheduleSnapshot(delay = SNAPSHOT_EVERY_MS): void {
    if (this.#snapshotTimer !== undefined) return;
    this.#snapshotTimer = this.#timers.setTimeout(() => {
      this.#snapshotTimer = undefined;
      this.#writeSnapshot();
    }, delay);
  }

  #writeSnapshot(): void {
    if (!this.#userDocName) return;
    const docs = [...this.#buckets.keys(), this.#userDocName];
    const ctx = {
      me: this.#session.userId,
      now: this.#session.model.now(),
      mentionedThreads: this.#mentioned,
    };
    const value = inboxSnapshot(this.#summaries, ctx);
    // Synchronously after computing it: the store pairs it with the logs as they are now.
    void this.#session.docs.writeSnapshot(INBOX_SNAPSHOT_KEY, value, docs);
  }

  markRead(id: string): void {
    if (this.#userDoc) markNotificationRead(this.#userDoc, id, this.#session.opContext());
  }

  markAllRead(): void {
    if (this.#userDoc) markAllNotificationsRead(this.#userDoc, this.#session.opContext());
  }

  destroy(): void {
    if (this.#snapshotTimer !== undefined) this.#timers.clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = undefined;
    for (const fn of this.#cleanup.splice(0)) fn();
  }
}
