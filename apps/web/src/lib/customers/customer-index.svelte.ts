// The customer index (the `customers` doc) as the app sees it: the list and its search, the Due
// items of the signed-in member, and a row by id. One per session, opened on first use and shared
// by the sidebar, the customer pages and the thread's customer link (`customerIndexFor`).
import type * as Y from 'yjs';
import {
  customerIndexRows,
  customerList,
  docName,
  dueItems,
  type CustomerListItem,
  type CustomerRow,
  type DueItems,
} from '@wharf/model';
import type { AppSession } from '../session/app-session.svelte.ts';

export class CustomerIndex {
  readonly #session: AppSession;
  /** Bumped on every change of the doc: projections below read it to stay reactive. */
  #version = $state.raw(0);
  #doc: Y.Doc | undefined;
  #opening: Promise<Y.Doc> | undefined;

  constructor(session: AppSession) {
    this.#session = session;
  }

  /** The index doc, opened once (from the local cache first, then synced). */
  open(): Promise<Y.Doc> {
    this.#opening ??= this.#session.docs.open(docName({ kind: 'customers' })).then((doc) => {
      this.#doc = doc;
      doc.on('update', () => (this.#version += 1));
      this.#version += 1;
      return doc;
    });
    return this.#opening;
  }

  get loaded(): boolean {
    return this.#version > 0;
  }

  list(query = ''): readonly CustomerListItem[] {
    void this.#version;
    return this.#doc ? customerList(this.#doc, query) : [];
  }

  row(id: string): Readonly<CustomerRow> | undefined {
    void this.#version;
    return this.#doc ? customerIndexRows(this.#doc).get(id) : undefined;
  }

  // Derived once per index change or clock tick, however many components read it.
  readonly #due = $derived.by((): DueItems => {
    void this.#version;
    return this.#doc ? dueItems(this.#doc, this.#session.userId, this.#session.now) : [];
  });

  /** What is due for the signed-in member at the session's clock. */
  get due(): DueItems {
    return this.#due;
  }
}

const indexes = new WeakMap<AppSession, CustomerIndex>();

export function customerIndexFor(session: AppSession): CustomerIndex {
  let index = indexes.get(session);
  if (!index) {
    indexes.set(session, (index = new CustomerIndex(session)));
    index.open().catch((error: unknown) => console.warn('customer index failed to open', error));
  }
  return index;
}
