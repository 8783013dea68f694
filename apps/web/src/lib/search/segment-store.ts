// The offline index's closed-month segments in IndexedDB, one database per signed-in user beside
// the doc cache (`wharf-search:<userId>`), so a reload restores them instead of rebuilding. A
// segment is stored as one JSON string: lunr's serialised index is a graph of many small objects,
// which IndexedDB's structured clone copies one by one, while a string is one copy and JSON.parse
// is native and fast.
import type { SerializedSegment } from '@wharf/search';

export interface SegmentStore {
  loadAll(): Promise<SerializedSegment[]>;
  /** Writes `put` and deletes every other stored segment not named in `keep`. */
  save(put: readonly SerializedSegment[], keep: ReadonlySet<string>): Promise<void>;
  close(): void;
}

const SEGMENTS = 'segments';
/** Bump when the stored shape or the tokenizer changes: old segments are then dropped. */
const FORMAT = 2;

interface StoredSegment {
  readonly id: string;
  readonly json: string;
}

export function searchDatabaseName(userId: string): string {
  return `wharf-search:${userId}`;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export async function openSegmentStore(
  name: string,
  indexedDB: IDBFactory = globalThis.indexedDB,
): Promise<SegmentStore> {
  const open = indexedDB.open(name, FORMAT);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (db.objectStoreNames.contains(SEGMENTS)) db.deleteObjectStore(SEGMENTS);
    db.createObjectStore(SEGMENTS, { keyPath: 'id' });
  };
  const db = await request(open);
  // Sign-out deletes the database; an open connection would block that.
  db.onversionchange = () => db.close();
  return {
    async loadAll() {
      const tx = db.transaction(SEGMENTS, 'readonly');
      const stored = (await request(tx.objectStore(SEGMENTS).getAll())) as StoredSegment[];
      return stored.map((s) => JSON.parse(s.json) as SerializedSegment);
    },
    async save(put, keep) {
      const tx = db.transaction(SEGMENTS, 'readwrite');
      const store = tx.objectStore(SEGMENTS);
      const ids = (await request(store.getAllKeys())) as string[];
      for (const id of ids) if (!keep.has(id)) store.delete(id);
      for (const segment of put)
        store.put({ id: segment.id, json: JSON.stringify(segment) } satisfies StoredSegment);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      });
    },
    close: () => db.close(),
  };
}
