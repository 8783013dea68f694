// The page's side of the search worker: sends only the inbox rows that changed (the worker keeps the
// rest), and turns search requests into promises. One per signed-in session (`offlineSearchFor`).
import type { ThreadSummary } from '@wharf/model';
import type { OfflineSearchOptions, OfflineSearchResult, QueryNode, SearchScope } from '@wharf/search';
import { rowChanged, threadKey } from './offline-documents.ts';
import type { OfflineSearchStats } from './offline-search-engine.ts';
import type { FromSearchWorker, ToSearchWorker } from './offline-search-protocol.ts';

/** What the client needs of a Worker (a test passes a MessageChannel port or a fake). */
export interface WorkerPort {
  postMessage(message: ToSearchWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromSearchWorker>) => void): void;
  terminate(): void;
}

export interface OfflineSearch {
  /** The full current row set; only the differences cross to the worker. */
  updateRows(rows: readonly ThreadSummary[]): void;
  /** Re-read held thread docs and cached bodies (e.g. when the browser goes offline). */
  refreshHeld(): void;
  search(ast: QueryNode, scope: SearchScope, options: OfflineSearchOptions): Promise<OfflineSearchResult>;
  /** Waits until the worker has built and saved everything it was sent. */
  stats(): Promise<OfflineSearchStats>;
  destroy(): void;
}

export function createOfflineSearch(userId: string, worker: WorkerPort): OfflineSearch {
  const sent = new Map<string, ThreadSummary>();
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  worker.addEventListener('message', (event) => {
    const message = event.data;
    if (message.id === null) {
      console.warn('offline search:', message.type === 'error' ? message.message : message);
      return;
    }
    const waiter = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.type === 'error') waiter?.reject(new Error(message.message));
    else waiter?.resolve(message.type === 'result' ? message.result : message.stats);
  });
  const ask = <T>(message: (id: number) => ToSearchWorker): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve, reject });
      worker.postMessage(message(id));
    });
  worker.postMessage({ type: 'start', userId });

  return {
    updateRows(rows) {
      const changed: ThreadSummary[] = [];
      const seen = new Set<string>();
      for (const row of rows) {
        const key = threadKey(row.mailboxId, row.threadId);
        seen.add(key);
        const before = sent.get(key);
        if (before === row || (before && !rowChanged(before, row))) continue;
        sent.set(key, row);
        changed.push(row);
      }
      const removed = [...sent.keys()].filter((key) => !seen.has(key));
      for (const key of removed) sent.delete(key);
      if (changed.length > 0 || removed.length > 0) worker.postMessage({ type: 'rows', changed, removed });
    },
    refreshHeld: () => worker.postMessage({ type: 'refresh-held' }),
    search: (ast, scope, options) =>
      ask<OfflineSearchResult>((id) => ({ type: 'search', id, ast, scope, options })),
    stats: () => ask<OfflineSearchStats>((id) => ({ type: 'stats', id })),
    destroy() {
      worker.terminate();
      for (const waiter of waiting.values()) waiter.reject(new Error('offline search closed'));
      waiting.clear();
    },
  };
}

const perSession = new WeakMap<object, OfflineSearch>();

/** The session's offline search, once the feed component started it. */
export function offlineSearchFor(session: object): OfflineSearch | undefined {
  return perSession.get(session);
}

export function registerOfflineSearch(session: object, search: OfflineSearch | undefined): void {
  if (search) perSession.set(session, search);
  else perSession.delete(session);
}
