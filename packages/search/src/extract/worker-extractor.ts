// Attachment text on a worker thread with a hard time limit: a parser that does not return in time
// is stopped by terminating its worker (the next file gets a fresh one), and resourceLimits end
// one that eats memory. Either way the file's result is an error value with the reason; the caller
// indexes the message without that text and goes on. One worker (files are parsed one at a time):
// on 2 cores a second parser would compete with ingest for the same CPU.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { AttachmentExtractor, ExtractResult, Timers } from './extract.ts';
import type { ExtractJob, ExtractWorkerData } from './extract-worker.ts';

export interface WorkerExtractorOptions {
  readonly timers: Timers;
  /** Hard limit per file (counted once the worker has loaded its parsers); the worker is terminated when it passes. Default 10 s. */
  readonly timeLimitMs?: number;
  readonly maxBytes?: number;
  readonly maxChars?: number;
  /** Heap limits of the worker. Default: 512 MB old generation, 64 MB young, 4 MB stack. */
  readonly resourceLimits?: ResourceLimits;
  /** Test-only: URL of a module exporting `parsers` that replace the real ones in the worker. */
  readonly parsersModule?: string;
}

export interface WorkerExtractor extends AttachmentExtractor {
  /** Terminates the worker; pending files resolve as failed. */
  close(): Promise<void>;
}

interface Job {
  readonly id: number;
  readonly input: ExtractJob['input'];
  readonly resolve: (result: ExtractResult) => void;
}

export function createWorkerExtractor(options: WorkerExtractorOptions): WorkerExtractor {
  const timeLimitMs = options.timeLimitMs ?? 10_000;
  const workerData: ExtractWorkerData = {
    maxBytes: options.maxBytes ?? 20 * 1024 * 1024,
    maxChars: options.maxChars ?? 1_000_000,
    ...(options.parsersModule ? { parsersModule: options.parsersModule } : {}),
  };
  const resourceLimits = options.resourceLimits ?? {
    maxOldGenerationSizeMb: 512,
    maxYoungGenerationSizeMb: 64,
    stackSizeMb: 4,
  };
  const queue: Job[] = [];
  let worker: Worker | undefined;
  /** The worker has loaded its parsers; until then the current file's clock does not run. */
  let ready = false;
  let current: { readonly job: Job; cancelTimer: () => void } | undefined;
  let nextId = 0;
  let closed = false;

  const finish = (result: ExtractResult) => {
    if (!current) return;
    const { job, cancelTimer } = current;
    current = undefined;
    cancelTimer();
    job.resolve(result);
    pump();
  };

  /** Ends the worker (it is replaced for the next file) and fails the file it was on. */
  const kill = (result: ExtractResult) => {
    const dying = worker;
    worker = undefined;
    ready = false;
    dying?.removeAllListeners();
    void dying?.terminate();
    finish(result);
  };

  const spawn = (): Worker => {
    const w = new Worker(new URL('./extract-worker.ts', import.meta.url), { workerData, resourceLimits });
    w.unref();
    w.on('message', (message: { id: number; result: ExtractResult } | { ready: true }) => {
      if ('ready' in message) {
        ready = true;
        if (current) startClock();
      } else if (current?.job.id === message.id) finish(message.result);
    });
    w.on('error', (error: Error & { code?: string }) =>
      kill({
        ok: false,
        error: 'failed',
        message:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the parser ran out of memory (limit ${resourceLimits.maxOldGenerationSizeMb ?? '?'} MB)`
            : `the parser crashed: ${error.message}`,
      }),
    );
    w.on('exit', (code) => {
      if (worker === w) kill({ ok: false, error: 'failed', message: `the parser exited (code ${code})` });
    });
    return w;
  };

  const startClock = () => {
    if (!current) return;
    current.cancelTimer = options.timers.after(timeLimitMs, () =>
      kill({ ok: false, error: 'timeout', message: `stopped after ${timeLimitMs} ms` }),
    );
  };

  const pump = () => {
    if (current || closed) return;
    const job = queue.shift();
    if (!job) return;
    worker ??= spawn();
    current = { job, cancelTimer: () => {} };
    if (ready) startClock();
    worker.postMessage({ id: job.id, input: job.input } satisfies ExtractJob);
  };

  const extract = ((input) =>
    new Promise<ExtractResult>((resolve) => {
      if (closed) return resolve({ ok: false, error: 'failed', message: 'the extractor is closed' });
      queue.push({ id: (nextId += 1), input, resolve });
      pump();
    })) as WorkerExtractor;
  extract.close = async () => {
    closed = true;
    for (const job of queue.splice(0))
      job.resolve({ ok: false, error: 'failed', message: 'the extractor is closed' });
    const w = worker;
    worker = undefined;
    ready = false;
    w?.removeAllListeners();
    finish({ ok: false, error: 'failed', message: 'the extractor is closed' });
    await w?.terminate();
  };
  return extract;
}
