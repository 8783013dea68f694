// The search worker's core: keeps the offline index (@wharf/search, lunr segments) true to what the
// browser holds. The page sends inbox rows as they change; held thread docs (IndexedDB) and cached
// bodies (service worker) are read here, off the main thread. Closed-month segments are saved after
// each maintenance and restored on the next start, so a reload rebuilds only what changed.
import type { ThreadSummary } from '@wharf/model';
import type {
  OfflineIndex,
  OfflineSearchOptions,
  OfflineSearchResult,
  QueryNode,
  SearchScope,
  SerializedSegment,
} from '@wharf/search';
import { threadDocument, threadKey, type HeldThread } from './offline-documents.ts';
import type { SegmentStore } from './segment-store.ts';

/** Thread docs this browser keeps (IndexedDB). */
export interface HeldThreadSource {
  threads(): Promise<{ mailboxId: string; threadId: string; name: string }[]>;
  load(name: string): Promise<HeldThread | undefined>;
}

/** Message bodies the service worker cached (already as text). */
export interface BodySource {
  text(mailboxId: string, messageId: string): Promise<string | undefined>;
}

export interface OfflineSearchTimings {
  /** Reading saved segments from IndexedDB and loading them into lunr. */
  readonly restoreMs: number | null;
  readonly segmentsRestored: number;
  /** The last maintenance that built segments, and what it built. */
  readonly maintainMs: number | null;
  readonly rebuilt: readonly string[];
  /** Reading held thread docs and cached bodies. */
  readonly heldMs: number | null;
  readonly held: number;
}

export interface OfflineSearchStats extends OfflineSearchTimings {
  readonly documents: number;
  readonly pending: number;
  readonly segments: number;
}

export interface OfflineSearchEngineDeps {
  readonly index: OfflineIndex;
  readonly segments: SegmentStore | null;
  readonly held: HeldThreadSource | null;
  readonly bodies: BodySource | null;
  readonly timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** Monotonic ms, for the timings only. */
  readonly elapsed: () => number;
  /** Maintenance waits this long after the last change (a burst of rows is one rebuild). */
  readonly maintainDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface OfflineSearchEngine {
  rows(changed: readonly ThreadSummary[], removed: readonly string[]): Promise<void>;
  /** Re-reads every held thread doc and its cached bodies. */
  refreshHeld(): Promise<void>;
  search(ast: QueryNode, scope: SearchScope, options: OfflineSearchOptions): Promise<OfflineSearchResult>;
  /** Stats once nothing is scheduled (maintenance done, segments saved). */
  settled(): Promise<OfflineSearchStats>;
}

export function createOfflineSearchEngine(deps: OfflineSearchEngineDeps): OfflineSearchEngine {
  const { index } = deps;
  const rows = new Map<string, ThreadSummary>();
  const held = new Map<string, HeldThread>();
  const bodies = new Map<string, string[]>();
  const timings = {
    restoreMs: null as number | null,
    segmentsRestored: 0,
    maintainMs: null as number | null,
    rebuilt: [] as readonly string[],
    heldMs: null as number | null,
    held: 0,
  };
  let saved: SerializedSegment[] | null = null;
  const loading = (async () => {
    const start = deps.elapsed();
    saved = deps.segments ? await deps.segments.loadAll().catch(() => []) : [];
    timings.restoreMs = deps.elapsed() - start;
  })();
  let timer: unknown;
  let work: Promise<void> = loading;
  const queue = (task: () => Promise<void> | void): Promise<void> => {
    work = work.then(task).catch((error: unknown) => deps.onError?.(error));
    return work;
  };

  const reindex = (key: string) => {
    const row = rows.get(key);
    if (row) index.add(threadDocument(row, held.get(key), bodies.get(key)));
  };

  // One segment per task: the worker answers searches between two builds (a first build of 50k
  // threads is tens of seconds of lunr on a slow machine). Unbuilt threads are scanned meanwhile.
  const maintain = () =>
    queue(async () => {
      const rebuilt: string[] = [];
      let spent = 0;
      for (;;) {
        const start = deps.elapsed();
        const round = index.maintain({ maxSegments: 1 });
        spent += deps.elapsed() - start;
        rebuilt.push(...round.rebuilt);
        const closed = round.rebuilt.filter((id) => id !== 'recent');
        if (deps.segments && closed.length > 0) {
          const keep = new Set(index.stats().segments.map((s) => s.id));
          await deps.segments.save(index.exportSegments(closed), keep);
        }
        if (!round.remaining) break;
        await new Promise<void>((resolve) => deps.timers.setTimeout(resolve, 0));
      }
      if (rebuilt.length === 0) return;
      timings.maintainMs = spent;
      timings.rebuilt = rebuilt;
    });

  const schedule = () => {
    deps.timers.clearTimeout(timer);
    timer = deps.timers.setTimeout(() => {
      timer = undefined;
      void maintain();
    }, deps.maintainDelayMs ?? 300);
  };

  return {
    rows(changed, removed) {
      return queue(() => {
        for (const row of changed) {
          const key = threadKey(row.mailboxId, row.threadId);
          rows.set(key, row);
          reindex(key);
        }
        for (const key of removed) {
          rows.delete(key);
          held.delete(key);
          bodies.delete(key);
          index.remove(key as ReturnType<typeof threadKey>);
        }
        // Saved segments are adopted once, after the first rows: only unchanged threads join them.
        if (saved && saved.length > 0) {
          const start = deps.elapsed();
          for (const segment of saved) index.restore(segment);
          timings.restoreMs = (timings.restoreMs ?? 0) + deps.elapsed() - start;
          timings.segmentsRestored = saved.length;
        }
        saved = [];
        schedule();
      });
    },

    refreshHeld() {
      return queue(async () => {
        if (!deps.held) return;
        const start = deps.elapsed();
        const threads = await deps.held.threads();
        for (const t of threads) {
          const thread = await deps.held.load(t.name);
          if (!thread) continue;
          const key = threadKey(t.mailboxId, t.threadId);
          held.set(key, thread);
          if (deps.bodies) {
            const texts: string[] = [];
            for (const id of thread.messages) {
              const text = await deps.bodies.text(t.mailboxId, id);
              if (text) texts.push(text);
            }
            bodies.set(key, texts);
          }
          reindex(key);
        }
        timings.heldMs = deps.elapsed() - start;
        timings.held = threads.length;
        schedule();
      });
    },

    async search(ast, scope, options) {
      await loading;
      return index.search(ast, scope, options);
    },

    async settled() {
      for (;;) {
        const current = work;
        await current;
        if (timer !== undefined) {
          deps.timers.clearTimeout(timer);
          timer = undefined;
          await maintain();
        }
        if (current === work && timer === undefined) break;
      }
      const stats = index.stats();
      return {
        ...timings,
        documents: stats.documents,
        pending: stats.pending,
        segments: stats.segments.length,
      };
    },
  };
}
