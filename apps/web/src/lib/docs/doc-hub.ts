// Opens docs for the app: the cached copy from IndexedDB first (so everything works offline),
// then attached to the one sync connection. Every update, local or remote, is appended to the
// local log; local ones mark the doc as having unsent changes, so that after a reload they are
// sent again (the sync client only tracks unacknowledged updates in memory).
import * as Y from 'yjs';
import { REMOTE_ORIGIN } from '@wharf/model';
import type { SyncClient } from '@wharf/sync';
import type { LoadedDoc, LocalDocStore } from './local-doc-store.ts';

/** Origin of the cached state applied when a doc is opened. */
const CACHE_ORIGIN = { kind: 'cache' } as const;

export interface DocHubDeps {
  sync: Pick<SyncClient, 'attach' | 'detach' | 'on' | 'status' | 'isSynced'>;
  store: LocalDocStore | undefined;
  log?: (message: string, error?: unknown) => void;
  /** After each local change (e.g. to show how many changes await the relay's acknowledgement). */
  onLocalChange?: () => void;
}

export interface DocHub {
  /** The doc, loaded from the local cache and attached to sync; opened once, shared after. */
  open(name: string): Promise<Y.Doc>;
  /** An already opened doc. */
  get(name: string): Y.Doc | undefined;
  /** True once the doc is synced with the relay on this connection; false when offline. */
  whenSynced(name: string): Promise<boolean>;
  /** A write-only doc for another user's append-only doc: attached, never cached, never read. */
  openAppendOnly(name: string): Y.Doc;
  /** A value `writeSnapshot` stored from exactly `docs`, whose cached logs have not changed since. */
  readSnapshot(key: string, docs: readonly string[]): Promise<unknown>;
  /**
   * Stores `value`, computed from the open docs `docs` just now; it is kept only if it matches
   * what IndexedDB holds of them (see LocalDocStore.putSnapshot).
   */
  writeSnapshot(key: string, value: unknown, docs: readonly string[]): Promise<boolean>;
  close(name: string): void;
  destroy(): void;
}

export function createDocHub(deps: DocHubDeps): DocHub {
  const { sync, store, log = () => {} } = deps;
  const opening = new Map<string, Promise<Y.Doc>>();
  const open = new Map<string, { doc: Y.Doc; off: () => void }>();
  const persistFailed = (error: unknown) => log('could not write to the local cache', error);

  const offSeq = sync.on('seq', (name, seq) => {
    if (open.has(name)) store?.setSeq(name, seq).catch(persistFailed);
  });
  const offStatus = sync.on('status', (status) => {
    if (status === 'saved') store?.markAllClean().catch(persistFailed);
  });

  async function load(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    let cached: LoadedDoc = { updates: [], seq: 0, dirty: false };
    if (store) {
      try {
        cached = await store.load(name);
      } catch (error) {
        log(`could not read ${name} from the local cache`, error);
      }
    }
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === CACHE_ORIGIN) return;
      const local = origin !== REMOTE_ORIGIN;
      store?.append(name, update, { local }).catch(persistFailed);
      // The sync client's own update handler runs after this one; read its count afterwards.
      if (local && deps.onLocalChange) queueMicrotask(deps.onLocalChange);
    };
    // One transaction for the whole log: one update event, and each entry decoded once (merging
    // the log with Y.mergeUpdates first would decode it twice).
    const applyCached = () =>
      doc.transact(() => {
        for (const update of cached.updates) Y.applyUpdate(doc, update, CACHE_ORIGIN);
      }, CACHE_ORIGIN);
    if (cached.dirty && cached.updates.length > 0) {
      // Changes from an earlier session may never have reached the relay, and the sync client
      // only tracks what it saw being written. Attach first, then apply the cached state as a
      // local write: it is sent, and "saved" waits for the relay's acknowledgement of it.
      doc.on('update', onUpdate);
      sync.attach(name, doc, { seq: 0 });
      applyCached();
    } else {
      applyCached();
      doc.on('update', onUpdate);
      sync.attach(name, doc, { seq: cached.seq });
    }
    if (cached.updates.length > 1)
      store?.compactLoaded(name, Y.encodeStateAsUpdate(doc)).catch(persistFailed);
    open.set(name, { doc, off: () => doc.off('update', onUpdate) });
    return doc;
  }

  return {
    open(name) {
      let promise = opening.get(name);
      if (!promise) {
        promise = load(name);
        opening.set(name, promise);
      }
      return promise;
    },
    get: (name) => open.get(name)?.doc,
    whenSynced(name) {
      return new Promise((resolve) => {
        const settle = (): boolean => {
          if (sync.isSynced(name)) return finish(true);
          if (sync.status === 'offline') return finish(false);
          return false;
        };
        const finish = (value: boolean): boolean => {
          offSynced();
          offStatus();
          resolve(value);
          return true;
        };
        const offSynced = sync.on('synced', settle);
        const offStatus = sync.on('status', settle);
        settle();
      });
    },
    openAppendOnly(name) {
      const doc = new Y.Doc();
      sync.attach(name, doc, { seq: 0 });
      return doc;
    },
    async readSnapshot(key, docs) {
      try {
        return await store?.getSnapshot(key, docs);
      } catch (error) {
        log('could not read a snapshot from the local cache', error);
        return undefined;
      }
    },
    async writeSnapshot(key, value, docs) {
      if (!store || docs.some((doc) => !open.has(doc))) return false;
      return store.putSnapshot(key, value, docs).catch((error: unknown) => {
        persistFailed(error);
        return false;
      });
    },
    close(name) {
      const entry = open.get(name);
      if (!entry) {
        sync.detach(name);
        return;
      }
      entry.off();
      sync.detach(name);
      open.delete(name);
      opening.delete(name);
      entry.doc.destroy();
    },
    destroy() {
      offSeq();
      offStatus();
      for (const name of [...open.keys()]) this.close(name);
    },
  };
}
