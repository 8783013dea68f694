// Who owns the open thread's customer, and "take over" (model `takeOverCustomer`: the owner change
// goes on the customer's timeline, the thread is assigned to the taker). Opens the thread doc
// through the hub (the thread page holds the same doc) and the customer doc.
import {
  customerView,
  docName,
  repairCustomerRow,
  takeOverCustomer,
  type CustomerId,
  type IndexDocs,
  type MailboxId,
  type ThreadId,
  type UserId,
} from '@wharf/model';
import type * as Y from 'yjs';
import type { AppSession } from '../session/app-session.svelte.ts';

export class ThreadOwnership {
  #ownerId = $state.raw<UserId | null>(null);
  #customerName = $state.raw('');
  #known = $state.raw(false);
  readonly #session: AppSession;
  #customer: Y.Doc | undefined;
  #cleanup: (() => void)[] = [];

  constructor(session: AppSession) {
    this.#session = session;
  }

  get ownerId(): UserId | null {
    return this.#ownerId;
  }
  get customerName(): string {
    return this.#customerName;
  }
  /** The customer doc has a profile (synced): "no owner" is then a fact, not a doc still loading. */
  get known(): boolean {
    return this.#known;
  }
  /** Owned by someone else: the viewer sees who, and may take over. */
  get ownedByOther(): boolean {
    return this.#ownerId !== null && this.#ownerId !== this.#session.userId;
  }
  get mine(): boolean {
    return this.#ownerId === this.#session.userId;
  }

  async watch(customerId: CustomerId): Promise<void> {
    const doc = await this.#session.docs.open(docName({ kind: 'customer', customerId }));
    this.#customer = doc;
    const refresh = () => {
      const { profile } = customerView(doc);
      this.#ownerId = profile.ownerId ?? null;
      this.#customerName = profile.name ?? '';
      this.#known = profile.id !== undefined;
    };
    refresh();
    doc.on('update', refresh);
    this.#cleanup.push(() => doc.off('update', refresh));
  }

  async takeOver(mailboxId: MailboxId, threadId: ThreadId, subject: string): Promise<boolean> {
    const thread = this.#session.docs.get(docName({ kind: 'thread', mailboxId, threadId }));
    const customer = this.#customer;
    if (!thread || !customer) return false;
    // The customer list reads the owner from the customer index; its row follows the doc (SPEC [CU3]).
    const customers = await this.#session.docs.open(docName({ kind: 'customers' }));
    const index: IndexDocs = (mailbox, bucket) => {
      const doc = this.#session.docs.get(docName({ kind: 'index', mailboxId: mailbox, bucket }));
      if (!doc) throw new Error(`index bucket ${bucket} is not open`);
      return doc;
    };
    const ctx = { ...this.#session.opContext(), index };
    const taken = takeOverCustomer({ customer, thread, subject }, ctx).ok;
    if (taken) repairCustomerRow(customer, customers, ctx.actor);
    return taken;
  }

  destroy(): void {
    for (const fn of this.#cleanup.splice(0)) fn();
  }
}
