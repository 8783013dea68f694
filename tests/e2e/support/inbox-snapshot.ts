// The web app's first-screen snapshot in a page's IndexedDB (apps/web/src/lib/docs/local-doc-store.ts
// keeps it in the `snapshots` store, tagged with the log version of every doc it was taken from).
// Used by the large-inbox e2e test and bench/web.
import type { Page } from 'playwright-core';

const KEY = 'inbox-first-screens';

/** The app's first-screen snapshot is stored and matches every cached log it was taken from. */
export function snapshotMatchesCache(page: Page, database: string): Promise<boolean> {
  return page.evaluate(
    ({ name, key }) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['snapshots', 'updates']);
          const get = tx.objectStore('snapshots').get(key);
          let matches = true;
          get.onsuccess = () => {
            const snapshot = get.result as { versions: Record<string, number> } | undefined;
            if (!snapshot) matches = false;
            for (const [doc, version] of Object.entries(snapshot?.versions ?? {})) {
              const range = IDBKeyRange.bound([doc, 0], [doc, Number.MAX_SAFE_INTEGER]);
              const cursor = tx.objectStore('updates').openKeyCursor(range, 'prev');
              cursor.onsuccess = () => {
                const tail = cursor.result ? (cursor.result.key as [string, number])[1] + 1 : 0;
                if (tail !== version) matches = false;
              };
            }
          };
          tx.oncomplete = () => {
            db.close();
            resolve(matches);
          };
        };
      }),
    { name: database, key: KEY },
  );
}

/** Deletes the snapshot, so the next start paints from the index buckets. */
export function deleteSnapshot(page: Page, database: string): Promise<void> {
  return page.evaluate(
    ({ name, key }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const tx = open.result.transaction('snapshots', 'readwrite');
          tx.objectStore('snapshots').delete(key);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error('delete failed'));
        };
      }),
    { name: database, key: KEY },
  );
}
