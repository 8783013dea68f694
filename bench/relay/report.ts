// Turns the per-server outcomes into the printed table, the Wharf/peer ratios and the goal checks.
import type { TargetName } from './messages.ts';
import type { LoadOutcome, TargetOutcome } from './suite.ts';

/** Goals from issue #2, for Wharf with persistence and auth on. */
export const goals = { p99LoadAMs: 2, p99LoadBMs: 50, idleBytesPerSocket: 16 * 1024 } as const;

export interface Ratios {
  readonly peer: TargetName;
  /** Wharf ÷ peer: below 1 is better for latency and memory, above 1 is better for the sustainable rate. */
  readonly p99LoadA: number | null;
  readonly p99LoadB: number | null;
  readonly rssPerIdleSocket: number | null;
  readonly sustainableRate: number | null;
  /** Server CPU per update at load B: the figure the machine's other work disturbs least. */
  readonly cpuPerUpdateLoadB: number | null;
}

export interface GoalCheck {
  readonly goal: string;
  readonly value: string;
  readonly met: boolean;
}

const ratio = (wharf: number | null | undefined, peer: number | null | undefined): number | null =>
  wharf === null || wharf === undefined || peer === null || peer === undefined || peer === 0
    ? null
    : Math.round((wharf / peer) * 100) / 100;

export function ratiosAgainstPeers(outcomes: readonly TargetOutcome[]): Ratios[] {
  const wharf = outcomes.find((outcome) => outcome.target === 'wharf');
  if (wharf === undefined) return [];
  return outcomes
    .filter((outcome) => outcome.target !== 'wharf')
    .map((peer) => ({
      peer: peer.target,
      p99LoadA: ratio(wharf.loadA.latencyMs?.p99, peer.loadA.latencyMs?.p99),
      p99LoadB: ratio(wharf.loadB.latencyMs?.p99, peer.loadB.latencyMs?.p99),
      rssPerIdleSocket: ratio(wharf.idleMemory.rssPerSocket, peer.idleMemory.rssPerSocket),
      sustainableRate: ratio(wharf.ramp.sustainableRate, peer.ramp.sustainableRate),
      cpuPerUpdateLoadB: ratio(wharf.loadB.serverCpuMsPer1kUpdates, peer.loadB.serverCpuMsPer1kUpdates),
    }));
}

export function checkGoals(outcomes: readonly TargetOutcome[]): GoalCheck[] {
  const wharf = outcomes.find((outcome) => outcome.target === 'wharf');
  if (wharf === undefined) return [];
  const peers = outcomes.filter((outcome) => outcome.target !== 'wharf');
  const allDelivered = (load: LoadOutcome): boolean =>
    load.delivered >= load.expected && load.socketFailures === 0;
  const bestPeerRate = Math.max(0, ...peers.map((peer) => peer.ramp.sustainableRate ?? 0));
  const p99A = wharf.loadA.latencyMs?.p99 ?? Number.POSITIVE_INFINITY;
  const p99B = wharf.loadB.latencyMs?.p99 ?? Number.POSITIVE_INFINITY;
  return [
    {
      goal: `load A: everything delivered, p99 ≤ ${goals.p99LoadAMs} ms`,
      value: `${wharf.loadA.delivered}/${wharf.loadA.expected}, p99 ${p99A} ms`,
      met: allDelivered(wharf.loadA) && p99A <= goals.p99LoadAMs,
    },
    {
      goal: `load B: everything delivered, p99 ≤ ${goals.p99LoadBMs} ms`,
      value: `${wharf.loadB.delivered}/${wharf.loadB.expected}, p99 ${p99B} ms`,
      met: allDelivered(wharf.loadB) && p99B <= goals.p99LoadBMs,
    },
    {
      goal: `idle socket ≤ ${goals.idleBytesPerSocket / 1024} KB (RSS)`,
      value: `${kb(wharf.idleMemory.rssPerSocket)} KB`,
      met: wharf.idleMemory.rssPerSocket <= goals.idleBytesPerSocket,
    },
    {
      goal: 'sustainable rate above every peer',
      value: `${wharf.ramp.sustainableRate ?? 0}/s vs best peer ${bestPeerRate}/s`,
      met: (wharf.ramp.sustainableRate ?? 0) > bestPeerRate,
    },
  ];
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

function latencyCell(load: LoadOutcome): string {
  const latency = load.latencyMs;
  return latency === null ? '-' : `${latency.p50} / ${latency.p95} / ${latency.p99}`;
}

function deliveredCell(load: LoadOutcome): string {
  return `${load.delivered}/${load.expected}${load.socketFailures > 0 ? ` (${load.socketFailures} fail)` : ''}`;
}

function rateCell(outcome: TargetOutcome): string {
  const { sustainableRate, failedAt } = outcome.ramp;
  if (failedAt === null) return `≥ ${sustainableRate ?? 0}`;
  return `${sustainableRate ?? `< ${failedAt}`}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function formatReport(outcomes: readonly TargetOutcome[]): string {
  const results = table(
    [
      'server',
      'A delivered',
      'A p50/p95/p99 ms',
      'B delivered',
      'B p50/p95/p99 ms',
      'idle KB/socket RSS (heap+ext)',
      'sustainable upd/s',
      'CPU ms/1k upd (B)',
    ],
    outcomes.map((outcome) => [
      outcome.target,
      deliveredCell(outcome.loadA),
      latencyCell(outcome.loadA),
      deliveredCell(outcome.loadB),
      latencyCell(outcome.loadB),
      `${kb(outcome.idleMemory.rssPerSocket)} (${kb(outcome.idleMemory.heapAndExternalPerSocket)})`,
      rateCell(outcome),
      `${outcome.loadB.serverCpuMsPer1kUpdates ?? '-'}`,
    ]),
  );
  const ratios = ratiosAgainstPeers(outcomes);
  const ratioTable =
    ratios.length === 0
      ? '(no Wharf result: no ratios)'
      : table(
          ['Wharf ÷ peer', 'p99 A', 'p99 B', 'idle RSS/socket', 'sustainable rate', 'server CPU/update (B)'],
          ratios.map((entry) => [
            entry.peer,
            `${entry.p99LoadA ?? '-'}`,
            `${entry.p99LoadB ?? '-'}`,
            `${entry.rssPerIdleSocket ?? '-'}`,
            `${entry.sustainableRate ?? '-'}`,
            `${entry.cpuPerUpdateLoadB ?? '-'}`,
          ]),
        );
  const goalLines = checkGoals(outcomes).map(
    (check) => `${check.met ? 'met    ' : 'NOT MET'}  ${check.goal}: ${check.value}`,
  );
  return [results, '', ratioTable, '', ...goalLines].join('\n');
}
