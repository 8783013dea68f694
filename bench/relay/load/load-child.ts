// The load process: opens every socket of one load, waits for the orchestrator's go, then runs one writer
// per doc at a fixed total rate (real Yjs updates from a Y.Doc per writer) while readers scan the raw
// bytes they receive for the markers. Readers never decode Yjs, so the server is what gets measured.
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Endpoint, LoadResult, LoadSpec, LoadToParent, ParentToLoad } from '../messages.ts';
import { wireFor } from '../wires/index.ts';
import type { Wire } from '../wires/wire.ts';
import { LatencySamples } from './latency.ts';
import { markerKey, scanMarkers } from './markers.ts';

const connectConcurrency = 64;
const connectTimeoutMs = 15_000;
const hardLimitMs = 5 * 60_000;

interface Writer {
  readonly docName: string;
  readonly socket: WebSocket;
  readonly rows: Y.Map<unknown>;
  readonly doc: Y.Doc;
  lastUpdate: Uint8Array | null;
}

interface Run {
  readonly spec: LoadSpec;
  readonly readersPerDoc: number;
  /** performance.now() at which each sequence number was sent; NaN until then. */
  sentAt: Float64Array;
  /** Sequence numbers below this were sent during warm-up and give no latency sample. */
  firstMeasuredSeq: number;
  /** How many readers have seen each sequence number. */
  seenBy: Uint8Array;
  readonly latency: LatencySamples;
  delivered: number;
  duplicates: number;
  socketFailures: number;
  readonly failureReasons: Set<string>;
  /** True while the orchestrator expects sockets to stay open. */
  live: boolean;
}

function send(message: LoadToParent): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

function nextMessage(): Promise<ParentToLoad> {
  return new Promise((resolve) => process.once('message', (message) => resolve(message as ParentToLoad)));
}

/** Thread-doc names as Wharf names them (`thread/<mailbox>/<thread>`), for every server alike. */
function docName(spec: LoadSpec, index: number): string {
  return `thread/bench/${spec.docPrefix}-${index}`;
}

function recordFailure(run: Run, reason: string): void {
  if (!run.live) return;
  run.socketFailures += 1;
  if (run.failureReasons.size < 5) run.failureReasons.add(reason);
}

/** Opens a socket and resolves once the server has answered its sync request for the doc. */
function join(
  wire: Wire,
  endpoint: Endpoint,
  doc: string,
  run: Run,
  onUpdate: ((payload: Uint8Array) => void) | null,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wire.socketUrl(endpoint, doc), { perMessageDeflate: false });
    let joined = false;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`join ${doc}: no sync answer in ${connectTimeoutMs} ms`));
    }, connectTimeoutMs);
    socket.on('open', () => {
      for (const frame of wire.openFrames(endpoint, doc)) socket.send(frame);
    });
    socket.on('message', (data) => {
      const incoming = wire.read(data as Buffer);
      if (incoming.kind === 'update' || incoming.kind === 'synced') {
        if (onUpdate !== null) onUpdate(incoming.payload);
        if (incoming.kind === 'synced' && !joined) {
          joined = true;
          clearTimeout(timer);
          resolve(socket);
        }
      } else if (incoming.kind === 'denied') {
        if (joined) {
          recordFailure(run, incoming.reason);
          return;
        }
        clearTimeout(timer);
        reject(new Error(`join ${doc}: denied (${incoming.reason})`));
        socket.terminate();
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (joined) recordFailure(run, `error: ${error.message}`);
      else reject(error);
    });
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      if (joined) recordFailure(run, `closed ${code} ${reason.toString()}`);
      else reject(new Error(`join ${doc}: closed ${code} ${reason.toString()}`));
    });
  });
}

async function inPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

function readerHandler(run: Run): (payload: Uint8Array) => void {
  return (payload) => {
    const now = performance.now();
    scanMarkers(payload, (seq) => {
      const sentAt = run.sentAt[seq];
      if (sentAt === undefined || Number.isNaN(sentAt)) return;
      if (run.seenBy[seq]! >= run.readersPerDoc) {
        run.duplicates += 1;
        return;
      }
      run.seenBy[seq]! += 1;
      run.delivered += 1;
      if (seq >= run.firstMeasuredSeq) run.latency.add(now - sentAt);
    });
  };
}

async function connectAll(wire: Wire, endpoint: Endpoint, run: Run): Promise<Writer[]> {
  const { spec } = run;
  // Writers first, so readers never miss the doc's first update.
  const writers = await inPool(spec.docs, connectConcurrency, async (index) => {
    const name = docName(spec, index);
    const socket = await join(wire, endpoint, name, run, null);
    const doc = new Y.Doc();
    const writer: Writer = { docName: name, socket, doc, rows: doc.getMap('rows'), lastUpdate: null };
    doc.on('update', (update: Uint8Array) => {
      writer.lastUpdate = update;
    });
    return writer;
  });
  const onUpdate = readerHandler(run);
  await inPool(spec.docs * run.readersPerDoc, connectConcurrency, (index) =>
    join(wire, endpoint, docName(spec, index % spec.docs), run, onUpdate),
  );
  return writers;
}

/** Sends updates on a fixed schedule; a late tick catches up, so the server sees the offered rate. */
interface Generated {
  readonly sent: number;
  readonly stallMs: number;
  readonly stallCpuMs: number;
}

function generate(wire: Wire, run: Run, writers: Writer[]): Promise<Generated> {
  const { spec } = run;
  return new Promise((resolve) => {
    const start = performance.now();
    let sent = 0;
    let lastTick = start;
    let lastCpu = process.cpuUsage();
    let stallMs = 0;
    let stallCpuMs = 0;
    const tick = (): void => {
      const now = performance.now();
      if (now - lastTick > stallMs) {
        // CPU this process used during its longest gap: close to the gap means the load process was
        // busy itself; far below means it was waiting for a core (the machine is shared).
        const cpu = process.cpuUsage(lastCpu);
        stallMs = now - lastTick;
        stallCpuMs = (cpu.user + cpu.system) / 1000;
      }
      lastTick = now;
      lastCpu = process.cpuUsage();
      const elapsed = Math.min(now - start, spec.durationMs);
      const due = Math.floor((elapsed * spec.rate) / 1000);
      while (sent < due) {
        const writer = writers[sent % writers.length]!;
        writer.rows.set(markerKey(sent), { status: 'open', assignee: `u-${sent % 97}`, at: sent });
        const frame = wire.updateFrame(writer.docName, writer.lastUpdate!, sent + 1);
        run.sentAt[sent] = performance.now();
        writer.socket.send(frame);
        sent += 1;
      }
      if (now - start >= spec.durationMs) resolve({ sent, stallMs, stallCpuMs });
      else setTimeout(tick, 1);
    };
    tick();
  });
}

async function drain(run: Run, expected: number): Promise<void> {
  const deadline = performance.now() + run.spec.drainMs;
  while (run.delivered < expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function runLoad(endpoint: Endpoint, spec: LoadSpec): Promise<LoadResult> {
  const wire = wireFor(endpoint.target);
  const capacity = Math.ceil((spec.rate * spec.durationMs) / 1000) + 1;
  const readersPerDoc = spec.socketsPerDoc - 1;
  const run: Run = {
    spec,
    readersPerDoc,
    sentAt: new Float64Array(capacity).fill(Number.NaN),
    firstMeasuredSeq: Math.floor((spec.rate * spec.warmupMs) / 1000),
    seenBy: new Uint8Array(capacity),
    latency: new LatencySamples(capacity * readersPerDoc),
    delivered: 0,
    duplicates: 0,
    socketFailures: 0,
    failureReasons: new Set(),
    live: true,
  };
  const connectStart = performance.now();
  const writers = await connectAll(wire, endpoint, run);
  const connectMs = performance.now() - connectStart;
  await send({ type: 'connected', sockets: spec.docs * spec.socketsPerDoc, connectMs });
  await nextMessage();

  const cpuBefore = process.cpuUsage();
  const { sent, stallMs, stallCpuMs } =
    spec.rate > 0 ? await generate(wire, run, writers) : { sent: 0, stallMs: 0, stallCpuMs: 0 };
  const cpu = process.cpuUsage(cpuBefore);
  const expected = sent * readersPerDoc;
  await drain(run, expected);
  run.live = false;
  return {
    label: spec.label,
    sockets: spec.docs * spec.socketsPerDoc,
    docs: spec.docs,
    targetRate: spec.rate,
    sent,
    expected,
    delivered: run.delivered,
    latencyMs: run.latency.summary(),
    connectMs: Math.round(connectMs),
    generatorStallMs: Math.round(stallMs * 10) / 10,
    generatorStallCpuMs: Math.round(stallCpuMs * 10) / 10,
    loadCpuPercent:
      spec.durationMs > 0 ? Math.round(((cpu.user + cpu.system) / 10 / spec.durationMs) * 10) / 10 : 0,
    socketFailures: run.socketFailures,
    failureReasons: [...run.failureReasons],
    duplicates: run.duplicates,
  };
}

setTimeout(() => process.exit(3), hardLimitMs).unref();
const first = await nextMessage();
if (first.type !== 'run') throw new Error(`load child: expected run, got ${first.type}`);
try {
  const result = await runLoad(first.endpoint, first.spec);
  await send({ type: 'result', result });
  process.exit(0);
} catch (error) {
  await send({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
