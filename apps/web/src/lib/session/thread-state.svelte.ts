// One open conversation: the thread doc's projection plus every triage, discussion and compose
// operation, each a model operation run with this user's context (and the index kept true).
import * as Y from 'yjs';
import {
  addComment,
  addTag,
  advanceOutbox,
  assignThread,
  claimThread,
  discardDraft,
  docName,
  editOutbox,
  HOT_BUCKET,
  markThreadRead,
  mentionedUsers,
  notifyMention,
  queueOutbox,
  releaseThread,
  removeTag,
  REMOTE_ORIGIN,
  repairIndexRow,
  retryOutbox,
  saveDraft,
  setThreadStatus,
  threadMaps,
  threadView,
  unassignThread,
  type DraftInput,
  type IndexDocs,
  type OutboxEdit,
  type OutboxId,
  type OutboxInput,
  type MailboxId,
  type StatusChange,
  type ThreadId,
  type ThreadOpContext,
  type ThreadView,
  type UserId,
} from '@wharf/model';
import type { AppSession } from './app-session.svelte.ts';
import { recentMonthBuckets } from './inbox-state.svelte.ts';

export class ThreadState {
  readonly mailboxId: MailboxId;
  readonly threadId: ThreadId;
  readonly docName: string;
  #view = $state.raw<ThreadView | undefined>(undefined);
  #loaded = $state.raw(false);
  readonly #session: AppSession;
  #doc: Y.Doc | undefined;
  #cleanup: (() => void)[] = [];
  #repairQueued = false;

  constructor(session: AppSession, mailboxId: MailboxId, threadId: ThreadId) {
    this.#session = session;
    this.mailboxId = mailboxId;
    this.threadId = threadId;
    this.docName = docName({ kind: 'thread', mailboxId, threadId });
  }

  get view(): ThreadView | undefined {
    return this.#view;
  }
  get loaded(): boolean {
    return this.#loaded;
  }

  /**
   * `interactive`: the user is looking at it (presence "viewing", marked read). List shortcuts
   * open threads in the background to triage them without either.
   */
  async open({ interactive = true }: { interactive?: boolean } = {}): Promise<void> {
    const doc = await this.#session.docs.open(this.docName);
    // A thread never opened on this device is empty until the relay sent it; writing to it
    // before would be writing blind (and its index row could not be kept true).
    if (threadView(doc, this.#session.now) === undefined) await this.#session.docs.whenSynced(this.docName);
    this.#doc = doc;
    await this.#openIndexes();
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      this.#refresh();
      // Two peers changing one thread concurrently may each leave an index row missing the
      // other's change; whoever holds both docs rewrites it (model SPEC [IX1]).
      if (origin === REMOTE_ORIGIN) this.#queueRepair();
    };
    doc.on('update', onUpdate);
    this.#cleanup.push(() => doc.off('update', onUpdate));
    this.#refresh();
    this.#loaded = true;
    if (!interactive) return;
    this.#session.presence.set('viewing', this.docName);
    this.#cleanup.push(() => {
      this.#session.presence.set('viewing', null);
      this.#session.presence.set('typing', null);
    });
    if (this.#view) {
      markThreadRead(doc, this.#ctx());
      this.#queueRepair();
    }
  }

  #refresh(): void {
    if (this.#doc) this.#view = threadView(this.#doc, this.#session.now);
  }

  /** The buckets this thread's row may be in or move to: hot, recent months, any it was in. */
  #bucketNames(): string[] {
    const buckets = new Set([HOT_BUCKET, ...recentMonthBuckets(this.#session.tick(), 1)]);
    if (this.#doc) for (const bucket of threadMaps(this.#doc).buckets.keys()) buckets.add(bucket);
    return [...buckets].map((bucket) => docName({ kind: 'index', mailboxId: this.mailboxId, bucket }));
  }

  async #openIndexes(): Promise<void> {
    await Promise.all(this.#bucketNames().map((name) => this.#session.docs.open(name)));
  }

  #index: IndexDocs = (mailboxId, bucket) => {
    const doc = this.#session.docs.get(docName({ kind: 'index', mailboxId, bucket }));
    if (!doc) throw new Error(`index bucket ${bucket} is not open`);
    return doc;
  };

  #queueRepair(): void {
    if (this.#repairQueued) return;
    this.#repairQueued = true;
    this.#openIndexes().then(
      () => {
        this.#repairQueued = false;
        if (this.#doc) repairIndexRow(this.#doc, this.#index, this.#ctx().actor);
      },
      (error: unknown) => {
        this.#repairQueued = false;
        console.warn('index repair failed', error);
      },
    );
  }

  #ctx(): ThreadOpContext {
    return { ...this.#session.opContext(), index: this.#index };
  }

  #write<T>(op: (doc: Y.Doc, ctx: ThreadOpContext) => T): T | undefined {
    if (!this.#doc || !this.#view) return undefined;
    const result = op(this.#doc, this.#ctx());
    this.#refresh();
    return result;
  }

  assign(userId: UserId): void {
    this.#write((doc, ctx) => assignThread(doc, userId, ctx));
  }
  assignToMe(): void {
    this.assign(this.#session.userId);
  }
  unassign(): void {
    this.#write((doc, ctx) => unassignThread(doc, ctx));
  }
  claim(takeOver = false): void {
    this.#write((doc, ctx) => claimThread(doc, ctx, { takeOver }));
  }
  release(): void {
    this.#write((doc, ctx) => releaseThread(doc, ctx));
  }
  setStatus(change: StatusChange): void {
    this.#write((doc, ctx) => setThreadStatus(doc, change, ctx));
  }
  addTag(tag: string): void {
    if (tag.trim() !== '') this.#write((doc, ctx) => addTag(doc, tag, ctx));
  }
  removeTag(tag: string): void {
    this.#write((doc, ctx) => removeTag(doc, tag, ctx));
  }

  /** Adds a comment and notifies each mentioned member through their (append-only) user doc. */
  comment(body: string, mentions: readonly UserId[]): void {
    const comment = this.#write((doc, ctx) => addComment(doc, { body, mentions }, ctx));
    if (!comment) return;
    for (const user of mentionedUsers(comment)) {
      const userDoc = this.#session.docs.openAppendOnly(docName({ kind: 'user', userId: user }));
      notifyMention(
        userDoc,
        { threadId: this.threadId, mailboxId: this.mailboxId, comment },
        this.#session.opContext(),
      );
    }
  }

  saveDraft(input: DraftInput): void {
    this.#write((doc, ctx) => saveDraft(doc, input, ctx));
  }
  discardDraft(): void {
    this.#write((doc, ctx) => discardDraft(doc, ctx));
  }
  /** Queues the message; `replyAnyway` and `approvalReasons` are logged and shown (SPEC [RA1], [AP1]). */
  send(input: Omit<OutboxInput, 'messageIdDomain'>, messageIdDomain: string): void {
    this.#write((doc, ctx) => queueOutbox(doc, { ...input, messageIdDomain }, ctx));
  }
  cancelOutbox(id: OutboxId): void {
    this.#write((doc, ctx) => advanceOutbox(doc, id, 'cancelled', ctx));
  }
  retryOutbox(id: OutboxId): void {
    this.#write((doc, ctx) => retryOutbox(doc, id, ctx));
  }
  editOutbox(id: OutboxId, edit: OutboxEdit): void {
    this.#write((doc, ctx) => editOutbox(doc, id, edit, ctx));
  }

  typing(active: boolean): void {
    this.#session.presence.set('typing', active ? this.docName : null);
  }

  destroy(): void {
    for (const fn of this.#cleanup.splice(0)) fn();
  }
}
