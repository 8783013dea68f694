// A small pool of worker threads that store and parse message sources (see parse-worker.ts).
// Workers never touch SQLite: they return the parsed record and the caller stores it.
import { Worker } from 'node:worker_threads';
import type { ParsedMessage } from './parse-message.ts';

export interface ParseJob {
  id: number;
  source: Uint8Array;
  /** A skeleton's attachments have no bytes: nothing is stored for them (see skeletonDeps). */
  skeleton: boolean;
}

export type ParseResult =
  { id: number; parsed: ParsedMessage; error?: undefined } | { id: number; error: string };

export interface ParsePool {
  parse(source: Uint8Array, options: { skeleton: boolean }): Promise<ParseResult>;
  close(): Promise<void>;
}

export function createParsePool(blobDir: string, size: number): ParsePool {
  const workers = Array.from(
    { length: Math.max(1, size) },
    () => new Worker(new URL('./parse-worker.ts', import.meta.url), { workerData: { blobDir } }),
  );
  const waiting = new Map<number, (result: ParseResult) => void>();
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let next = 0;
  for (const worker of workers) {
    worker.unref();
    worker.on('message', (result: ParseResult) => {
      load.set(worker, (load.get(worker) ?? 1) - 1);
      waiting.get(result.id)?.(result);
      waiting.delete(result.id);
    });
    worker.on('error', (err: Error) => {
      for (const [id, resolve] of waiting) resolve({ id, error: err.message });
      waiting.clear();
    });
  }
  return {
    parse(source, { skeleton }) {
      const id = (next += 1);
      // the least busy worker; sources are copied, not transferred (imapflow may still hold them)
      const worker = [...load.entries()].sort((a, b) => a[1] - b[1])[0]![0];
      load.set(worker, (load.get(worker) ?? 0) + 1);
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, source, skeleton } satisfies ParseJob);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
