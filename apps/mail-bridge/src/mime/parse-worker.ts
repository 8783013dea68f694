// Worker thread body for the parse pool: parses a source (attachments go straight into the blob
// store from here), so mailparser runs on every core, not only the one that speaks IMAP and SQLite.
import { parentPort, workerData } from 'node:worker_threads';
import { createBlobStore } from '../store/blob-store.ts';
import { parseMessage, skeletonDeps, type ParseDeps } from './parse-message.ts';
import type { ParseJob, ParseResult } from './parse-pool.ts';

const blobs = createBlobStore((workerData as { blobDir: string }).blobDir);
const whole: ParseDeps = { storeAttachment: (content) => blobs.put(content) };
const skeleton = skeletonDeps(whole);

parentPort!.on('message', (job: ParseJob) => {
  void (async (): Promise<ParseResult> => {
    try {
      const parsed = await parseMessage(job.source, job.skeleton ? skeleton : whole);
      return { id: job.id, parsed };
    } catch (err) {
      return { id: job.id, error: err instanceof Error ? err.message : String(err) };
    }
  })().then((result) => parentPort!.postMessage(result));
});
