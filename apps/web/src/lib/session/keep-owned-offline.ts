// Issue 4 keeps "every thread the user opened or owns" in IndexedDB. Opened threads are cached as
// they open (docs/doc-hub.ts); this module opens the threads assigned to the member that are not
// closed, newest first and at most KEEP_OWNED, in the background once the inbox has loaded, so a
// rep's own conversations are readable and answerable when the network goes. Opening a doc caches
// it and keeps it synced for the session. Pure apart from the `open` it is given.
import { docName, type ThreadSummary, type UserId } from '@wharf/model';

/** Enough for a rep's working set; each thread doc is a few KB (design.md §2). */
export const KEEP_OWNED = 300;

export function ownedThreadDocs(
  rows: readonly ThreadSummary[],
  me: UserId,
  limit: number = KEEP_OWNED,
): string[] {
  return rows
    .filter((row) => row.assignee === me && row.status !== 'closed')
    .toSorted((a, b) => b.lastActivity - a.lastActivity)
    .slice(0, limit)
    .map((row) => docName({ kind: 'thread', mailboxId: row.mailboxId, threadId: row.threadId }));
}

export interface OwnedKeeper {
  /** Opens the named docs not asked for before, a few at a time. */
  keep(names: readonly string[]): void;
}

export function createOwnedKeeper(open: (name: string) => Promise<unknown>, concurrency = 2): OwnedKeeper {
  const asked = new Set<string>();
  const queue: string[] = [];
  let running = 0;
  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const name = queue.shift() as string;
      running += 1;
      // A doc that fails to open is only not cached ahead; opening it later tries again.
      open(name)
        .catch(() => asked.delete(name))
        .finally(() => {
          running -= 1;
          pump();
        });
    }
  };
  return {
    keep(names) {
      for (const name of names) {
        if (asked.has(name)) continue;
        asked.add(name);
        queue.push(name);
      }
      pump();
    },
  };
}
