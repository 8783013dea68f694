// Worker thread body for createWorkerExtractor: runs the parsers here, so a parser that loops or
// eats memory takes this thread down, not the bridge. The time limit is the parent's (it
// terminates this worker); resourceLimits bound the heap.
import { parentPort, workerData } from 'node:worker_threads';
import { createAttachmentExtractor, type AttachmentInput, type Parsers } from './extract.ts';

export interface ExtractWorkerData {
  readonly maxBytes: number;
  readonly maxChars: number;
  /** Test-only: a module exporting `parsers` that replace the real ones. */
  readonly parsersModule?: string;
}

export interface ExtractJob {
  readonly id: number;
  readonly input: AttachmentInput;
}

const data = workerData as ExtractWorkerData;
const parsers = data.parsersModule
  ? ((await import(data.parsersModule)) as { parsers: Partial<Parsers> }).parsers
  : undefined;
const extract = createAttachmentExtractor({
  maxBytes: data.maxBytes,
  maxChars: data.maxChars,
  // never fires: the parent's hard limit ends this thread instead
  timers: { after: () => () => {} },
  ...(parsers ? { parsers } : {}),
});

parentPort!.on('message', (job: ExtractJob) => {
  void extract(job.input).then((result) => parentPort!.postMessage({ id: job.id, result }));
});
// the parsers are loaded: the parent's clock for a file starts now, not while modules load
parentPort!.postMessage({ ready: true });
