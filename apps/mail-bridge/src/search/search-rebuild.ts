// Rebuilding the archive index from the store, one run at a time, with progress (done/total, rate,
// ETA) for the admin route and the CLI. The index is rewritten in place (see ArchiveIndex.rebuild):
// every message keeps its old row until its new one replaces it, so search answers throughout and
// needs no second copy on disk. Attachment text is extracted again from the blobs (on the worker);
// a file whose bytes are not at hand keeps the text it was indexed with.
import type { AttachmentExtractor } from '@wharf/search/extract';
import type { Timers } from '../imap/mailbox-sync.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore } from '../store/bridge-store.ts';
import { attachmentText, EXTRACT_MAX_BYTES } from './attachment-text.ts';

export interface RebuildStatus {
  readonly state: 'idle' | 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** Messages per second since the start; null before the first batch. */
  readonly rate: number | null;
  /** Seconds left at that rate; null when unknown. */
  readonly etaSeconds: number | null;
  readonly error?: string;
}

export interface SearchRebuildDeps {
  store: Pick<BridgeStore, 'rebuildSearch' | 'countAllMessages'>;
  blobs: BlobStore;
  extract: AttachmentExtractor;
  clock: { now(): number };
  timers: Timers;
  onProgress?: (status: RebuildStatus) => void;
}

export interface SearchRebuild {
  /** Starts a rebuild; false when one is already running. */
  start(): boolean;
  status(): RebuildStatus;
  /** Resolves when the running rebuild (if any) has ended. */
  finished(): Promise<void>;
}

/** Pure: the status a run reports at `now`. */
export function rebuildStatus(
  run: { state: RebuildStatus['state']; done: number; total: number; startedAt: number | null },
  finishedAt: number | null,
  now: number,
  error?: string,
): RebuildStatus {
  const elapsed = run.startedAt === null ? 0 : ((finishedAt ?? now) - run.startedAt) / 1000;
  const rate = run.done > 0 && elapsed > 0 ? run.done / elapsed : null;
  const etaSeconds =
    run.state !== 'running'
      ? run.state === 'done'
        ? 0
        : null
      : rate
        ? Math.max(0, run.total - run.done) / rate
        : null;
  return { ...run, finishedAt, rate, etaSeconds, ...(error ? { error } : {}) };
}

export function createSearchRebuild(deps: SearchRebuildDeps): SearchRebuild {
  let run = { state: 'idle' as RebuildStatus['state'], done: 0, total: 0, startedAt: null as number | null };
  let finishedAt: number | null = null;
  let error: string | undefined;
  let running: Promise<void> | undefined;

  const status = () => rebuildStatus(run, finishedAt, deps.clock.now(), error);

  return {
    start() {
      if (running) return false;
      run = { state: 'running', done: 0, total: deps.store.countAllMessages(), startedAt: deps.clock.now() };
      finishedAt = null;
      error = undefined;
      deps.onProgress?.(status());
      running = deps.store
        .rebuildSearch({
          attachmentText: (m) =>
            attachmentText(
              { blobs: deps.blobs, extract: deps.extract, maxBytes: EXTRACT_MAX_BYTES },
              m.body?.attachments ?? [],
            ),
          // a macrotask between pages: searches and ingest are served while it runs
          pause: () => new Promise<void>((resolve) => deps.timers.setTimeout(resolve, 0)),
          onProgress: ({ done, total }) => {
            run = { ...run, done, total: total ?? run.total };
            deps.onProgress?.(status());
          },
        })
        .then(
          () => {
            run = { ...run, state: 'done' };
          },
          (e: unknown) => {
            run = { ...run, state: 'failed' };
            error = e instanceof Error ? e.message : String(e);
          },
        )
        .finally(() => {
          finishedAt = deps.clock.now();
          running = undefined;
          deps.onProgress?.(status());
        });
      return true;
    },
    status,
    async finished() {
      await running;
    },
  };
}
