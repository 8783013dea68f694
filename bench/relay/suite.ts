// Runs the plan against every server child, the servers taking turns on each load so that whatever
// else the machine is doing spreads over all of them: idle memory (on the first run of load A, before
// its first update), loads A and B `repetitions` times, then the ramp, one rate at a time, each server
// leaving the ramp at its first failing rate (after one retry). Every load uses fresh sockets and
// fresh doc names.
import { join } from 'node:path';
import { runLoad, type ServerChild } from './children.ts';
import type { LoadResult, LoadSpec, ServerSample, TargetName } from './messages.ts';
import type { BenchPlan } from './plan.ts';

export interface IdleMemory {
  readonly sockets: number;
  readonly docs: number;
  readonly rssPerSocket: number;
  readonly heapPerSocket: number;
  /** heapUsed + external (ws and Buffer memory lives outside the JS heap). */
  readonly heapAndExternalPerSocket: number;
  readonly before: ServerSample;
  readonly connected: ServerSample;
}

export interface LoadOutcome extends LoadResult {
  /** Server CPU time per 1,000 updates sent (fan-out included). */
  readonly serverCpuMsPer1kUpdates: number | null;
  /**
   * Updates per second one core could serve at that cost. Unlike latency this hardly depends on
   * what else runs on the machine, so it is the steadier figure for comparing servers.
   */
  readonly cpuBoundRate: number | null;
  readonly passed: boolean;
}

export interface RampOutcome {
  readonly steps: readonly LoadOutcome[];
  /** Highest step rate that passed; null when even the first step failed. */
  readonly sustainableRate: number | null;
  /** The step rate that failed, or null when every step passed (the rate may be higher still). */
  readonly failedAt: number | null;
}

export interface TargetOutcome {
  readonly target: TargetName;
  readonly idleMemory: IdleMemory;
  /** The run with the median p99 of `loadARuns`. */
  readonly loadA: LoadOutcome;
  readonly loadARuns: readonly LoadOutcome[];
  readonly loadB: LoadOutcome;
  readonly loadBRuns: readonly LoadOutcome[];
  readonly ramp: RampOutcome;
}

type Log = (line: string) => void;

export interface SuiteOptions {
  /** Where to write a heap snapshot of each server holding the idle sockets (none when undefined). */
  readonly heapSnapshotDir?: string | undefined;
}

function outcome(result: LoadResult, cpuMs: number, p99LimitMs: number): LoadOutcome {
  const passed =
    result.socketFailures === 0 &&
    result.delivered >= result.expected &&
    result.latencyMs !== null &&
    result.latencyMs.p99 <= p99LimitMs;
  return {
    ...result,
    serverCpuMsPer1kUpdates: result.sent > 0 ? Math.round((cpuMs / result.sent) * 1000 * 10) / 10 : null,
    cpuBoundRate: result.sent > 0 && cpuMs > 0 ? Math.round(result.sent / (cpuMs / 1000)) : null,
    passed,
  };
}

/** One load against one server; the server's CPU is sampled from the first update to the end. */
async function measuredLoad(
  server: ServerChild,
  spec: LoadSpec,
  p99LimitMs: number,
  whenConnected?: () => Promise<void>,
): Promise<LoadOutcome> {
  let cpuBefore: ServerSample | undefined;
  const result = await runLoad(server.endpoint, spec, {
    whenConnected: async () => {
      await whenConnected?.();
      cpuBefore = await server.measureCpu();
    },
  });
  const cpuAfter = await server.measureCpu();
  return outcome(result, cpuAfter.cpuMs - (cpuBefore ?? cpuAfter).cpuMs, p99LimitMs);
}

export function describe(result: LoadOutcome): string {
  const latency = result.latencyMs;
  const p = latency === null ? 'no samples' : `p50 ${latency.p50} p95 ${latency.p95} p99 ${latency.p99} ms`;
  const failures = result.socketFailures > 0 ? `, ${result.socketFailures} socket failures` : '';
  return (
    `${result.delivered}/${result.expected} delivered, ${p}, server ${result.serverCpuMsPer1kUpdates ?? '-'} ms CPU/1k updates, ` +
    `load process ${result.loadCpuPercent}% CPU, stall ${result.generatorStallMs} ms (${result.generatorStallCpuMs} ms CPU)${failures} → ${result.passed ? 'pass' : 'FAIL'}`
  );
}

/** The run with the median p99; runs that lost updates count as worst. */
export function medianRun(runs: readonly LoadOutcome[]): LoadOutcome {
  const key = (run: LoadOutcome): number =>
    run.delivered < run.expected || run.latencyMs === null ? Number.POSITIVE_INFINITY : run.latencyMs.p99;
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function idleMemoryAndLoadA(
  server: ServerChild,
  plan: BenchPlan,
  options: SuiteOptions,
  log: Log,
): Promise<{ idleMemory: IdleMemory; run: LoadOutcome }> {
  const before = await server.measureMemory();
  let connected = before;
  const run = await measuredLoad(server, { ...plan.loadA, docPrefix: 'a0' }, plan.p99LimitMs, async () => {
    connected = await server.measureMemory();
    if (options.heapSnapshotDir !== undefined) {
      const path = join(options.heapSnapshotDir, `${server.endpoint.target}-idle.heapsnapshot`);
      log(`  ${server.endpoint.target} heap snapshot: ${await server.writeHeapSnapshot(path)}`);
    }
  });
  const sockets = plan.loadA.docs * plan.loadA.socketsPerDoc;
  const perSocket = (bytes: number): number => Math.round(bytes / sockets);
  const idleMemory: IdleMemory = {
    sockets,
    docs: plan.loadA.docs,
    rssPerSocket: perSocket(connected.rss - before.rss),
    heapPerSocket: perSocket(connected.heapUsed - before.heapUsed),
    heapAndExternalPerSocket: perSocket(
      connected.heapUsed + connected.external - before.heapUsed - before.external,
    ),
    before,
    connected,
  };
  log(
    `  ${server.endpoint.target} idle: ${(idleMemory.rssPerSocket / 1024).toFixed(1)} KB RSS, ` +
      `${(idleMemory.heapAndExternalPerSocket / 1024).toFixed(1)} KB heap+external per socket (${sockets} sockets, ${plan.loadA.docs} docs)`,
  );
  return { idleMemory, run };
}

async function ramp(
  servers: readonly ServerChild[],
  plan: BenchPlan,
  log: Log,
): Promise<Map<ServerChild, RampOutcome>> {
  const state = new Map(
    servers.map((server) => [
      server,
      { steps: [] as LoadOutcome[], sustainableRate: null as number | null, failedAt: null as number | null },
    ]),
  );
  const { rates, retries, ...topology } = plan.ramp;
  for (const [index, rate] of rates.entries()) {
    const climbing = servers.filter((server) => state.get(server)!.failedAt === null);
    if (climbing.length === 0) break;
    log(`ramp ${rate}/s:`);
    for (const server of climbing) {
      const own = state.get(server)!;
      const step = async (docPrefix: string, label: string): Promise<LoadOutcome> => {
        const result = await measuredLoad(server, { label, docPrefix, rate, ...topology }, plan.p99LimitMs);
        own.steps.push(result);
        log(`  ${server.endpoint.target} ${label}: ${describe(result)}`);
        return result;
      };
      let result = await step(`r${index}`, `ramp ${rate}/s`);
      // The machine may be shared: a retry keeps a passing rate from failing on somebody else's burst.
      for (let retry = 1; !result.passed && retry <= retries; retry++)
        result = await step(`r${index}x${retry}`, `ramp ${rate}/s retry ${retry}`);
      if (result.passed) own.sustainableRate = rate;
      else own.failedAt = rate;
    }
  }
  return state;
}

export async function runSuite(
  servers: readonly ServerChild[],
  plan: BenchPlan,
  options: SuiteOptions,
  log: Log,
): Promise<TargetOutcome[]> {
  const idle = new Map<ServerChild, IdleMemory>();
  const runsA = new Map<ServerChild, LoadOutcome[]>(servers.map((server) => [server, []]));
  const runsB = new Map<ServerChild, LoadOutcome[]>(servers.map((server) => [server, []]));
  for (let repetition = 0; repetition < plan.repetitions; repetition++) {
    log(`load A, run ${repetition + 1}/${plan.repetitions}:`);
    for (const server of servers) {
      let run: LoadOutcome;
      if (repetition === 0) {
        const first = await idleMemoryAndLoadA(server, plan, options, log);
        idle.set(server, first.idleMemory);
        run = first.run;
      } else {
        run = await measuredLoad(server, { ...plan.loadA, docPrefix: `a${repetition}` }, plan.p99LimitMs);
      }
      runsA.get(server)!.push(run);
      log(`  ${server.endpoint.target} load A: ${describe(run)}`);
    }
  }
  for (let repetition = 0; repetition < plan.repetitions; repetition++) {
    log(`load B, run ${repetition + 1}/${plan.repetitions}:`);
    for (const server of servers) {
      const run = await measuredLoad(server, { ...plan.loadB, docPrefix: `b${repetition}` }, plan.p99LimitMs);
      runsB.get(server)!.push(run);
      log(`  ${server.endpoint.target} load B: ${describe(run)}`);
    }
  }
  const ramps = await ramp(servers, plan, log);
  return servers.map((server) => ({
    target: server.endpoint.target,
    idleMemory: idle.get(server)!,
    loadA: medianRun(runsA.get(server)!),
    loadARuns: runsA.get(server)!,
    loadB: medianRun(runsB.get(server)!),
    loadBRuns: runsB.get(server)!,
    ramp: ramps.get(server)!,
  }));
}
