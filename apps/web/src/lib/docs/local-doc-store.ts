// Offline copies of docs in IndexedDB: ONE database per signed-in user with one store of per-doc
// update logs (key [doc, n]) and one store of per-doc state (relay seq, unsent-changes flag).
// Many small docs must not mean many databases (design §5); a log is merged into one update
// with Y.mergeUpdates when it grows, so storage stays proportional to the docs' size.
import * as Y from 'yjs';

export interface LocalDocState {
  /** The relay seq the cached copy was last synced at (0: never). */
  seq: number;
  /** Local changes were stored that the relay may not have acknowledged yet. */
  dirty: boolean;
}

export interface LoadedDoc extends LocalDocState {
  update: Uint8Array | undefined;
}

export interface LocalDocStore {
  load(doc: string): Promise<LoadedDoc>;
  append(doc: string, update: Uint8Array, options: { local: boolean }): Promise<void>;
  setSeq(doc: string, seq: number): Promise<void>;
  /** Called when the relay acknowledged everything: no doc has unsent changes any more. */
  markAllClean(): Promise<void>;
  /** Names of every cached doc (for diagnostics and the storage figure). */
  docNames(): Promise<string[]>;
  close(): void;
}

const UPDATES = 'updates';
const STATE = 'state';
/** Merge a doc's log once it holds this many updates. */
export const COMPACT_AFTER = 100;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export function localDatabaseName(userId: string): string {
  return `wharf:${userId}`;
}

export async function openLocalDocStore(
  name: string,
  indexedDB: IDBFactory = globalThis.indexedDB,
): Promise<LocalDocStore> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore(UPDATES);
    open.result.createObjectStore(STATE);
  };
  const db = await request(open);
  // Sign-out deletes the database; an open connection would block that until it is collected.
  db.onversionchange = () => db.close();
  /** Next log key per doc (only ever grows, so a key is never reused) and entries in its log. */
  const next = new Map<string, number>();
  const entries = new Map<string, number>();
  const range = (doc: string) => IDBKeyRange.bound([doc, 0], [doc, Number.MAX_SAFE_INTEGER]);

  const readState = async (store: IDBObjectStore, doc: string): Promise<LocalDocState> =>
    ((await request(store.get(doc))) as LocalDocState | undefined) ?? { seq: 0, dirty: false };

  /**
   * Merges a doc's log into one update, stored under the highest key it merged; entries appended
   * meanwhile (higher keys) are left alone. Merging is order-free, so the log stays one state.
   */
  async function compact(doc: string): Promise<Uint8Array | undefined> {
    const tx = db.transaction(UPDATES, 'readwrite');
    const updates = tx.objectStore(UPDATES);
    const keys = (await request(updates.getAllKeys(range(doc)))) as [string, number][];
    const all = (await request(updates.getAll(range(doc)))) as Uint8Array[];
    const last = keys.at(-1)?.[1];
    const merged = all.length === 0 ? undefined : all.length === 1 ? all[0] : Y.mergeUpdates(all);
    if (all.length > 1 && merged && last !== undefined) {
      updates.delete(IDBKeyRange.bound([doc, 0], [doc, last], false, true));
      updates.put(merged, [doc, last]);
    }
    await done(tx);
    next.set(doc, Math.max(next.get(doc) ?? 0, (last ?? -1) + 1));
    entries.set(doc, all.length > 0 ? 1 : 0);
    return merged;
  }

  return {
    async load(doc) {
      const update = await compact(doc);
      const tx = db.transaction(STATE, 'readonly');
      const state = await readState(tx.objectStore(STATE), doc);
      return { update, ...state };
    },
    async append(doc, update, { local }) {
      if (!next.has(doc)) await compact(doc);
      const n = next.get(doc) ?? 0;
      next.set(doc, n + 1);
      const count = (entries.get(doc) ?? 0) + 1;
      entries.set(doc, count);
      const tx = db.transaction([UPDATES, STATE], 'readwrite');
      tx.objectStore(UPDATES).put(update, [doc, n]);
      if (local) {
        const states = tx.objectStore(STATE);
        const state = await readState(states, doc);
        if (!state.dirty) states.put({ ...state, dirty: true }, doc);
      }
      await done(tx);
      if (count >= COMPACT_AFTER) await compact(doc);
    },
    async setSeq(doc, seq) {
      const tx = db.transaction(STATE, 'readwrite');
      const states = tx.objectStore(STATE);
      const state = await readState(states, doc);
      states.put({ ...state, seq }, doc);
      await done(tx);
    },
    async markAllClean() {
      const tx = db.transaction(STATE, 'readwrite');
      const states = tx.objectStore(STATE);
      const keys = (await request(states.getAllKeys())) as string[];
      for (const key of keys) {
        const state = await readState(states, key);
        if (state.dirty) states.put({ ...state, dirty: false }, key);
      }
      await done(tx);
    },
    async docNames() {
      const tx = db.transaction(STATE, 'readonly');
      return (await request(tx.objectStore(STATE).getAllKeys())) as string[];
    },
    close: () => db.close(),
  };
}
