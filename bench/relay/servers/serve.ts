// Child-process side of a benchmark target: start the server, report where it listens, answer memory
// probes from the orchestrator, stop when told (or when the orchestrator goes away).
import { writeHeapSnapshot } from 'node:v8';
import type { Endpoint, ServerSample, ParentToServer, ServerToParent } from '../messages.ts';

export interface RunningServer {
  readonly endpoint: Endpoint;
  close(): Promise<void>;
}

/** The orchestrator kills children that outlive this; the child also exits on its own. */
const hardLimitMs = 15 * 60_000;

export async function serveForBench(start: () => Promise<RunningServer>): Promise<void> {
  const send = (message: ServerToParent): void => {
    process.send?.(message);
  };
  setTimeout(() => process.exit(3), hardLimitMs).unref();
  const server = await start();

  process.on('message', (raw) => {
    const message = raw as ParentToServer;
    if (message.type === 'measure') {
      send({ type: 'sample', sample: sample(message.collectGarbage) });
    } else if (message.type === 'heap-snapshot') {
      send({ type: 'heap-snapshot', path: writeHeapSnapshot(message.path) });
    } else {
      void server.close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'listening', endpoint: server.endpoint });
}

function sample(collectGarbage: boolean): ServerSample {
  if (collectGarbage) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('start the server child with --expose-gc');
    // Two passes: the first can leave weakly held and finalizable objects for the second.
    gc();
    gc();
  }
  const usage = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}
