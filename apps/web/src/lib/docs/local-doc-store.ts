// Offline copies of docs in IndexedDB: ONE database per signed-in user with one store of per-doc
// update logs (key [doc, n]) and one store of per-doc state (relay seq, unsent-changes flag).
// Many small docs must not mean many databases (design §5); a log is merged into one update
// when it grows, so storage stays proportional to the docs' size. A third store keeps small
// plain-value snapshots (the inbox's first screen) tagged with the log versions they were
// computed from, so a reader can tell whether they still match the cached docs exactly.
import * as Y from 'yjs';

export interface LocalDocState {
  /** The relay seq the cached copy was last synced at (0: never). */
  seq: number;
  /** Local changes were stored that the relay may not have acknowledged yet. */
  dirty: boolean;
}

export interface LoadedDoc extends LocalDocState {
  /**
   * The doc's log, oldest first. More than one entry: the caller applies them all and hands the
   * resulting state to `compactLoaded`, so the log is merged without decoding it twice.
   */
  updates: Uint8Array[];
}

/** A snapshot stored with the log version of every doc it was computed from. */
export interface Snapshot<T> {
  value: T;
  versions: Record<string, number>;
}

export interface LocalDocStore {
  /** Reads a doc's log and state in one read-only transaction. */
  load(doc: string): Promise<LoadedDoc>;
  /**
   * Replaces the entries the last `load` of `doc` returned with `merged`, the state they add up
   * to; entries appended since stay.
   */
  compactLoaded(doc: string, merged: Uint8Array): Promise<void>;
  append(doc: string, update: Uint8Array, options: { local: boolean }): Promise<void>;
  setSeq(doc: string, seq: number): Promise<void>;
  /** Called when the relay acknowledged everything: no doc has unsent changes any more. */
  markAllClean(): Promise<void>;
  /** Names of every cached doc (for diagnostics and the storage figure). */
  docNames(): Promise<string[]>;
  /**
   * Stores `value` as computed from the docs in `docs` as this store last saw them (loaded and
   * appended). Nothing is stored (false) when a log in IndexedDB holds more or fewer entries
   * than that, e.g. another tab appended: the value would not match the cache.
   */
  putSnapshot(key: string, value: unknown, docs: readonly string[]): Promise<boolean>;
  /**
   * The snapshot under `key`, only if it was computed from exactly `docs` and each still has the
   * log it had then: the value equals what those cached docs give once loaded.
   */
  getSnapshot<T>(key: string, docs: readonly string[]): Promise<T | undefined>;
  close(): void;
}

const UPDATES = 'updates';
const STATE = 'state';
const SNAPSHOTS = 'snapshots';
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
  const open = indexedDB.open(name, 2);
  open.onupgradeneeded = () => {
    const stores = open.result.objectStoreNames;
    for (const store of [UPDATES, STATE, SNAPSHOTS])
      if (!stores.contains(store)) open.result.createObjectStore(store);
  };
  const db = await request(open);
  // Sign-out deletes the database; an open connection would block that until it is collected.
  db.onversionchange = () => db.close();
  /** Next log key per doc (only ever grows, so a key is never reused) and entries in its log. */
  const next = new Map<string, number>();
  const entries = new Map<string, number>();
  const range = (doc: string) => IDBKeyRange.bound([doc, 0], [doc, Number.MAX_SAFE_INTEGER]);

  /** Key of a doc's newest log entry + 1 (0: empty log), read inside `tx`. */
  const logVersion = async (store: IDBObjectStore, doc: string): Promise<number> => {
    const cursor = await request(store.openKeyCursor(range(doc), 'prev'));
    return cursor ? (cursor.key as [string, number])[1] + 1 : 0;
  };
  /** Highest key the last `load` of a doc returned. */
  const loadedUpTo = new Map<string, number>();

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
      const tx = db.transaction([UPDATES, STATE], 'readonly');
      const updatesStore = tx.objectStore(UPDATES);
      const [keys, updates, state] = await Promise.all([
        request(updatesStore.getAllKeys(range(doc))) as Promise<[string, number][]>,
        request(updatesStore.getAll(range(doc))) as Promise<Uint8Array[]>,
        readState(tx.objectStore(STATE), doc),
      ]);
      const last = keys.at(-1)?.[1];
      if (last !== undefined) loadedUpTo.set(doc, last);
      next.set(doc, Math.max(next.get(doc) ?? 0, (last ?? -1) + 1));
      entries.set(doc, Math.max(entries.get(doc) ?? 0, updates.length));
      return { updates, ...state };
    },
    async compactLoaded(doc, merged) {
      const last = loadedUpTo.get(doc);
      if (last === undefined) return;
      const tx = db.transaction(UPDATES, 'readwrite');
      const updates = tx.objectStore(UPDATES);
      updates.delete(IDBKeyRange.bound([doc, 0], [doc, last], false, true));
      updates.put(merged, [doc, last]);
      await done(tx);
      loadedUpTo.delete(doc);
      entries.set(doc, (next.get(doc) ?? last + 1) - last);
    },
    async append(doc, update, { local }) {
      if (!next.has(doc)) await compact(doc);
      // Reserved before any await, so a snapshot taken right after this call counts this update.
      const reserved = next.get(doc) ?? 0;
      next.set(doc, reserved + 1);
      const count = (entries.get(doc) ?? 0) + 1;
      entries.set(doc, count);
      const tx = db.transaction([UPDATES, STATE], 'readwrite');
      const updates = tx.objectStore(UPDATES);
      // Another tab of the same user appends to the same log with a counter of its own. Readwrite
      // transactions on a store run one at a time across tabs, so a key at or past every key
      // present, chosen here, never overwrites the other tab's update.
      const n = Math.max(reserved, await logVersion(updates, doc));
      if (n !== reserved) next.set(doc, Math.max(next.get(doc) ?? 0, n + 1));
      updates.put(update, [doc, n]);
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
    async putSnapshot(key, value, docs) {
      // What this store has seen of each log, taken before any await: the caller computed `value`
      // from the docs just now. Appends issued earlier commit before this transaction runs (same
      // store, readwrite, created later), so IndexedDB then holds exactly these versions unless a
      // write failed or another tab wrote.
      const versions = Object.fromEntries(docs.map((doc) => [doc, next.get(doc) ?? 0]));
      const tx = db.transaction([UPDATES, SNAPSHOTS], 'readwrite');
      const updates = tx.objectStore(UPDATES);
      const found = await Promise.all(docs.map((doc) => logVersion(updates, doc)));
      const matches = docs.every((doc, i) => found[i] === versions[doc]);
      if (matches) tx.objectStore(SNAPSHOTS).put({ value, versions } satisfies Snapshot<unknown>, key);
      else tx.objectStore(SNAPSHOTS).delete(key);
      await done(tx);
      return matches;
    },
    async getSnapshot<T>(key: string, docs: readonly string[]) {
      // One round of requests: asked after the docs' own loads, a second round would wait for them.
      const tx = db.transaction([UPDATES, SNAPSHOTS], 'readonly');
      const updates = tx.objectStore(UPDATES);
      const [snapshot, found] = await Promise.all([
        request(tx.objectStore(SNAPSHOTS).get(key)) as Promise<Snapshot<T> | undefined>,
        Promise.all(docs.map((doc) => logVersion(updates, doc))),
      ]);
      if (!snapshot || Object.keys(snapshot.versions).length !== docs.length) return undefined;
      return docs.every((doc, i) => snapshot.versions[doc] === found[i]) ? snapshot.value : undefined;
    },
    async docNames() {
      const tx = db.transaction(STATE, 'readonly');
      return (await request(tx.objectStore(STATE).getAllKeys())) as string[];
    },
    close: () => db.close(),
  };
}
