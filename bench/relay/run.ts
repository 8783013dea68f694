// `npm run bench:relay [-- --quick] [-- --targets=wharf,hocuspocus,y-websocket] [-- --out=path]`
// Runs the same workloads against Wharf's relay and the two peers, one server child at a time, prints
// a table with the Wharf/peer ratios and writes the whole result as JSON.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  prioritiseChildren,
  profileChildren,
  startServer,
  type ChildKind,
  type ServerChild,
} from './children.ts';
import type { TargetName } from './messages.ts';
import { checkMarkersSurviveReencoding } from './load/markers-check.ts';
import { fullPlan, quickPlan } from './plan.ts';
import { checkGoals, formatReport, ratiosAgainstPeers } from './report.ts';
import { runSuite } from './suite.ts';

/**
 * With the kernel's autogroup scheduling (Linux default), CPU is shared between sessions first and
 * process niceness only counts inside a session; the session's own niceness is in /proc/self/autogroup.
 * Returns the niceness it had before, or null where there is no autogroup or no privilege.
 */
function setAutogroupNiceness(value: number): number | null {
  try {
    const before = /nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'))?.[1];
    writeFileSync('/proc/self/autogroup', String(value));
    return Number(before ?? 0);
  } catch {
    return null;
  }
}

/** Which code was measured: the commit, and whether the relay or sync package had local changes. */
function measuredCode(): { commit: string; uncommittedRelayChanges: boolean } | null {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
      }).trim();
    const commit = git('rev-parse', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'apps/relay', 'packages/sync') !== '';
    return { commit, uncommittedRelayChanges: dirty };
  } catch {
    return null;
  }
}

const allTargets: readonly TargetName[] = ['wharf', 'hocuspocus', 'y-websocket'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    targets: { type: 'string', default: allTargets.join(',') },
    out: { type: 'string' },
    /** Niceness of the children, e.g. -10 on a shared machine (needs privileges). */
    nice: { type: 'string', default: '0' },
    /** Heap snapshots of the servers holding the idle sockets, in .bench-out/heap/. */
    'heap-snapshot': { type: 'boolean', default: false },
    /** `server`, `load` or `server,load`: CPU profiles of those children in .bench-out/profiles/. */
    'cpu-prof': { type: 'string' },
  },
});
const plan = values.quick ? quickPlan : fullPlan;
const targets = values.targets.split(',').map((name) => {
  if (!allTargets.includes(name as TargetName)) throw new Error(`unknown target ${name}`);
  return name as TargetName;
});
// A smoke run's figures are not results to keep: they go to the ignored .bench-out/.
const outFile =
  values.out ??
  fileURLToPath(
    new URL(values.quick ? '../../.bench-out/relay-quick.json' : './results/latest.json', import.meta.url),
  );
const log = (line: string): void => console.log(line);
const niceness = Number(values.nice);
if (!Number.isInteger(niceness) || niceness < -20 || niceness > 19) throw new Error(`--nice: ${values.nice}`);
prioritiseChildren(niceness);
const autogroupBefore = niceness === 0 ? null : setAutogroupNiceness(niceness);
const autogroupNiceness = autogroupBefore === null ? null : niceness;
if (values['cpu-prof'] !== undefined) {
  const kinds = values['cpu-prof']
    .split(',')
    .filter((kind): kind is ChildKind => kind === 'server' || kind === 'load');
  profileChildren(kinds, fileURLToPath(new URL('../../.bench-out/profiles/', import.meta.url)));
}

checkMarkersSurviveReencoding();
const startedAt = new Date();
const loadAverageAtStart = os.loadavg();
const failures: { target: TargetName; reason: string }[] = [];
const servers: ServerChild[] = [];
for (const target of targets) {
  try {
    servers.push(await startServer(target));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    failures.push({ target, reason });
    log(`${target} did not start: ${reason}`);
  }
}
const heapSnapshotDir = values['heap-snapshot']
  ? fileURLToPath(new URL('../../.bench-out/heap/', import.meta.url))
  : undefined;
if (heapSnapshotDir !== undefined) await mkdir(heapSnapshotDir, { recursive: true });
const outcomes = await runSuite(servers, plan, { heapSnapshotDir }, log).finally(async () => {
  for (const server of servers) await server[Symbol.asyncDispose]();
  // The session outlives the bench (the shell that started it): give the other work its share back.
  if (autogroupBefore !== null) setAutogroupNiceness(autogroupBefore);
});

log('');
log(formatReport(outcomes));
for (const failure of failures) log(`${failure.target} did not run: ${failure.reason}`);

const cpus = os.cpus();
await mkdir(path.dirname(outFile), { recursive: true });
await writeFile(
  outFile,
  JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
      code: measuredCode(),
      machine: {
        cpus: cpus.length,
        model: cpus[0]?.model ?? 'unknown',
        node: process.version,
        platform: os.platform(),
        // Other work on the shared machine shows up as latency; the load averages say how busy it was.
        loadAverageAtStart,
        loadAverageAtEnd: os.loadavg(),
        childNiceness: niceness,
        autogroupNiceness,
      },
      plan,
      outcomes,
      ratios: ratiosAgainstPeers(outcomes),
      goals: checkGoals(outcomes),
      failures,
    },
    null,
    2,
  ) + '\n',
);
log(`\nwritten ${path.relative(process.cwd(), outFile)}`);
