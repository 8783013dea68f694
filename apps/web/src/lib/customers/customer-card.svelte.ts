// One customer on screen: the card (profile, contacts, tasks), its timeline and the actions on it
// (stage, fields, tasks, linking an address, merge, split). Every write goes through a model
// operation and then `repairCustomerRow`, so the customer index stays true (model SPEC [CU3]); a
// remote change of the customer doc is repaired the same way by this peer, which holds both.
import type * as Y from 'yjs';
import {
  addCustomerTask,
  contactIdFor,
  customerIdForKey,
  customerTimeline,
  customerView,
  docName,
  mergeCustomerDocs,
  normaliseAddress,
  pipelineStages,
  putContact,
  repairCustomerRow,
  setCustomerFields,
  setCustomerStage,
  setTaskDone,
  splitContactOut,
  splitTargetId,
  threadView,
  DEFAULT_PIPELINE,
  type CustomerId,
  type CustomerProfile,
  type CustomerTimeline,
  type CustomerView,
  type MailboxId,
  type MergeResult,
  type PipelineStage,
  type TaskId,
  type ThreadId,
  type UserId,
} from '@wharf/model';
import type { DeepReadonly } from '@wharf/model';
import type { AppSession } from '../session/app-session.svelte.ts';
import type { CustomerIndex } from './customer-index.svelte.ts';

/** The newest threads whose content the timeline shows (each is a doc to open). */
const TIMELINE_THREADS = 20;

export type EditableFields = Partial<
  Pick<
    CustomerProfile,
    | 'name'
    | 'company'
    | 'website'
    | 'country'
    | 'market'
    | 'products'
    | 'size'
    | 'keyPeople'
    | 'tags'
    | 'grade'
    | 'ownerId'
    | 'nextFollowUp'
    | 'notes'
  >
>;

export class CustomerCard {
  readonly id: CustomerId;
  readonly #session: AppSession;
  readonly #index: CustomerIndex;
  #doc: Y.Doc | undefined;
  #indexDoc: Y.Doc | undefined;
  #view = $state.raw<CustomerView | undefined>(undefined);
  #timeline = $state.raw<CustomerTimeline>([]);
  #loaded = $state.raw(false);
  readonly #threads = new Map<string, Y.Doc>();
  #cleanup: (() => void)[] = [];
  #scheduled = false;

  readonly #withTimeline: boolean;

  /** `timeline: false` for a one-off write (the Due view, the thread page): no thread docs opened. */
  constructor(
    session: AppSession,
    index: CustomerIndex,
    id: CustomerId,
    options: { timeline?: boolean } = {},
  ) {
    this.#session = session;
    this.#index = index;
    this.id = id;
    this.#withTimeline = options.timeline ?? true;
  }

  get view(): CustomerView | undefined {
    return this.#view;
  }
  get timeline(): CustomerTimeline {
    return this.#timeline;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get exists(): boolean {
    return this.#view?.profile.id !== undefined;
  }

  get stages(): DeepReadonly<PipelineStage[]> {
    void this.#session.workspace;
    const workspace = this.#session.docs.get(docName({ kind: 'workspace' }));
    return workspace ? pipelineStages(workspace) : DEFAULT_PIPELINE;
  }

  async open(): Promise<void> {
    const [doc, index] = await Promise.all([
      this.#session.docs.open(docName({ kind: 'customer', customerId: this.id })),
      this.#index.open(),
    ]);
    this.#doc = doc;
    this.#indexDoc = index;
    this.#watch(doc);
    this.#refresh();
    this.#loaded = true;
  }

  #watch(doc: Y.Doc): void {
    const onUpdate = () => this.#schedule();
    doc.on('update', onUpdate);
    this.#cleanup.push(() => doc.off('update', onUpdate));
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#refresh();
    });
  }

  #refresh(): void {
    if (!this.#doc) return;
    const view = customerView(this.#doc);
    this.#view = view;
    if (this.#indexDoc) repairCustomerRow(this.#doc, this.#indexDoc, this.#session.opContext().actor);
    if (!this.#withTimeline) return;
    this.#openThreads(view);
    this.#timeline = customerTimeline(
      view,
      view.threads.map((ref) => {
        const doc = this.#threads.get(`${ref.mailboxId}/${ref.threadId}`);
        return {
          mailboxId: ref.mailboxId,
          threadId: ref.threadId,
          view: doc ? threadView(doc, this.#session.now) : undefined,
        };
      }),
    );
  }

  /** Opens the newest threads of mailboxes this member may read; the rest show as bare refs. */
  #openThreads(view: CustomerView): void {
    const readable = new Set<string>(this.#session.mailboxes);
    for (const ref of view.threads.slice(0, TIMELINE_THREADS)) {
      const key = `${ref.mailboxId}/${ref.threadId}`;
      if (this.#threads.has(key) || !readable.has(ref.mailboxId)) continue;
      const name = docName({ kind: 'thread', mailboxId: ref.mailboxId, threadId: ref.threadId });
      void this.#session.docs.open(name).then((doc) => {
        if (this.#threads.has(key)) return;
        this.#threads.set(key, doc);
        this.#watch(doc);
        this.#schedule();
      });
    }
  }

  #write(fn: (doc: Y.Doc) => void): void {
    if (!this.#doc) return;
    this.#session.tick();
    fn(this.#doc);
    this.#refresh();
  }

  setFields(fields: EditableFields): void {
    this.#write((doc) => setCustomerFields(doc, fields, this.#session.opContext()));
  }

  setStage(stage: string): void {
    this.#write((doc) => setCustomerStage(doc, stage, this.#session.opContext()));
  }

  addTask(input: {
    title: string;
    due?: number;
    assignee?: UserId;
    thread?: { mailboxId: MailboxId; threadId: ThreadId };
  }): void {
    const title = input.title.trim();
    if (title === '') return;
    this.#write((doc) => addCustomerTask(doc, { ...input, title }, this.#session.opContext()));
  }

  setTaskDone(id: TaskId, done: boolean): void {
    this.#write((doc) => setTaskDone(doc, id, done, this.#session.opContext()));
  }

  /**
   * Links an address to this customer by hand (model SPEC [CU4]). When the address already has a
   * customer of its own (a free-mail sender who wrote before), that one is merged in, so routing
   * finds this customer for it. False for something that is not an address.
   */
  async linkAddress(raw: string, name: string): Promise<boolean> {
    const address = normaliseAddress(raw);
    if (!address || !this.#doc) return false;
    const ctx = this.#session.opContext();
    this.#write((doc) =>
      putContact(doc, { id: contactIdFor(address), name: name.trim() || address, addresses: [address] }, ctx),
    );
    const own = customerIdForKey({ kind: 'address', key: `address:${address}`, address });
    const row = this.#index.row(own);
    if (own !== this.id && row && !row.mergedInto) await this.merge(own);
    return true;
  }

  /** Merges another customer into this one (model SPEC [CU5]). */
  async merge(otherId: CustomerId): Promise<MergeResult | undefined> {
    if (!this.#doc || !this.#indexDoc || otherId === this.id) return undefined;
    const other = await this.#session.docs.open(docName({ kind: 'customer', customerId: otherId }));
    this.#session.tick();
    const ctx = this.#session.opContext();
    const result = mergeCustomerDocs(this.#doc, other, ctx);
    repairCustomerRow(other, this.#indexDoc, ctx.actor);
    this.#refresh();
    return result;
  }

  /** Splits a contact out into a customer of its own (model SPEC [CU6]); its id, or undefined. */
  async split(contactId: string): Promise<CustomerId | undefined> {
    const contact = this.#view?.contacts.find((c) => c.id === contactId);
    const target = contact && splitTargetId(contact);
    if (!this.#doc || !this.#indexDoc || !target) return undefined;
    const doc = await this.#session.docs.open(docName({ kind: 'customer', customerId: target }));
    this.#session.tick();
    const ctx = this.#session.opContext();
    const id = splitContactOut(this.#doc, doc, contactId, ctx);
    repairCustomerRow(doc, this.#indexDoc, ctx.actor);
    this.#refresh();
    return id;
  }

  destroy(): void {
    for (const fn of this.#cleanup.splice(0)) fn();
  }
}
