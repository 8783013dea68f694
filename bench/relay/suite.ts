// Runs the plan against one server child: idle memory and load A on the same sockets, then load B,
// then the ramp (fresh sockets and fresh doc names for every step, stopping at the first failure).
import { runLoad, type ServerChild } from './children.ts';
import type { LoadResult, ServerSample, TargetName } from './messages.ts';
import type { BenchPlan, RampPlan } from './plan.ts';

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
  readonly loadA: LoadOutcome;
  readonly loadB: LoadOutcome;
  readonly ramp: RampOutcome;
}

const p99LimitForPass = (plan: BenchPlan): number => plan.ramp.p99LimitMs;

function outcome(
  result: LoadResult,
  cpuBefore: ServerSample,
  cpuAfter: ServerSample,
  p99LimitMs: number,
): LoadOutcome {
  const passed =
    result.socketFailures === 0 &&
    result.delivered >= result.expected &&
    result.latencyMs !== null &&
    result.latencyMs.p99 <= p99LimitMs;
  return {
    ...result,
    serverCpuMsPer1kUpdates:
      result.sent > 0
        ? Math.round(((cpuAfter.cpuMs - cpuBefore.cpuMs) / result.sent) * 1000 * 10) / 10
        : null,
    passed,
  };
}

async function measuredLoad(
  server: ServerChild,
  spec: Parameters<typeof runLoad>[1],
  p99LimitMs: number,
  whenConnected?: () => Promise<void>,
): Promise<LoadOutcome> {
  let cpuBefore: ServerSample | null = null;
  const result = await runLoad(server.endpoint, spec, {
    whenConnected: async () => {
      await whenConnected?.();
      cpuBefore = await server.measureCpu();
    },
  });
  const cpuAfter = await server.measureCpu();
  return outcome(result, cpuBefore ?? cpuAfter, cpuAfter, p99LimitMs);
}

async function runRamp(
  server: ServerChild,
  ramp: RampPlan,
  log: (line: string) => void,
): Promise<RampOutcome> {
  const steps: LoadOutcome[] = [];
  let sustainableRate: number | null = null;
  const step = async (rate: number, docPrefix: string, label: string): Promise<LoadOutcome> => {
    const outcome = await measuredLoad(
      server,
      {
        label,
        docPrefix,
        docs: ramp.docs,
        socketsPerDoc: ramp.socketsPerDoc,
        rate,
        durationMs: ramp.durationMs,
        warmupMs: ramp.warmupMs,
        drainMs: ramp.drainMs,
      },
      ramp.p99LimitMs,
    );
    steps.push(outcome);
    log(`  ${outcome.label}: ${describe(outcome)}`);
    return outcome;
  };
  for (const [index, rate] of ramp.rates.entries()) {
    let outcome = await step(rate, `ramp${index}`, `ramp ${rate}/s`);
    // The machine is shared: one retry keeps a passing rate from failing on somebody else's burst.
    if (!outcome.passed) outcome = await step(rate, `ramp${index}-retry`, `ramp ${rate}/s retry`);
    if (!outcome.passed) return { steps, sustainableRate, failedAt: rate };
    sustainableRate = rate;
  }
  return { steps, sustainableRate, failedAt: null };
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

export async function runSuite(
  server: ServerChild,
  plan: BenchPlan,
  log: (line: string) => void,
): Promise<TargetOutcome> {
  const target = server.endpoint.target;
  const limit = p99LimitForPass(plan);
  const before = await server.measureMemory();
  let connected: ServerSample | null = null;
  const loadA = await measuredLoad(server, { ...plan.loadA, docPrefix: 'a' }, limit, async () => {
    connected = await server.measureMemory();
  });
  const sockets = plan.loadA.docs * plan.loadA.socketsPerDoc;
  const after: ServerSample = connected ?? before;
  const idleMemory: IdleMemory = {
    sockets,
    docs: plan.loadA.docs,
    rssPerSocket: Math.round((after.rss - before.rss) / sockets),
    heapPerSocket: Math.round((after.heapUsed - before.heapUsed) / sockets),
    heapAndExternalPerSocket: Math.round(
      (after.heapUsed + after.external - before.heapUsed - before.external) / sockets,
    ),
    before,
    connected: after,
  };
  log(
    `  idle: ${(idleMemory.rssPerSocket / 1024).toFixed(1)} KB RSS, ${(idleMemory.heapAndExternalPerSocket / 1024).toFixed(1)} KB heap+external per socket (${sockets} sockets, ${plan.loadA.docs} docs)`,
  );
  log(`  load A: ${describe(loadA)}`);
  const loadB = await measuredLoad(server, { ...plan.loadB, docPrefix: 'b' }, limit);
  log(`  load B: ${describe(loadB)}`);
  const ramp = await runRamp(server, plan.ramp, log);
  return { target, idleMemory, loadA, loadB, ramp };
}
