// `npm run bench:search [-- --quick] [-- --engines=fts5,lunr,flexsearch] [-- --out=path]`
// Builds each engine over the same seeded multilingual corpus in its own child process, runs the same
// queries per kind, and prints FTS5's latency as ratios to the lunr and FlexSearch references.
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { QUERY_KINDS } from './corpus.ts';
import { ENGINES, type EngineName, type EngineResult } from './measure.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    engines: { type: 'string', default: ENGINES.join(',') },
    count: { type: 'string' },
    out: { type: 'string' },
  },
});
const count = Number(values.count ?? (values.quick ? 10_000 : 100_000));
const perKind = values.quick ? 100 : 300;
// lunr answers a query in tens to hundreds of ms at 100k (phrases are confirmed on each candidate's
// tokens): fewer queries keep the full run under half an hour.
const perKindFor = (engine: EngineName) => (engine === 'lunr' && !values.quick ? 60 : perKind);
const engines = values.engines.split(',').map((e) => {
  if (!ENGINES.includes(e as EngineName)) throw new Error(`unknown engine ${e}`);
  return e as EngineName;
});
const outFile =
  values.out ??
  fileURLToPath(
    new URL(values.quick ? '../../.bench-out/search-quick.json' : './results/latest.json', import.meta.url),
  );
const GOAL_P95_MS = 10;

function runChild(engine: EngineName): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    const child = fork(
      fileURLToPath(new URL('./engine-child.ts', import.meta.url)),
      [engine, String(count), String(perKindFor(engine))],
      {
        execArgv: ['--expose-gc', '--max-old-space-size=8192'],
      },
    );
    let result: EngineResult | null = null;
    child.on('message', (m) => (result = m as EngineResult));
    child.on('error', reject);
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`${engine} child exited with ${code}`)),
    );
  });
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const startedAt = new Date();
console.log(
  `load average at start: ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log(
  `search bench: ${count} messages (45% en / 35% zh / 20% mixed), ${perKind} queries per kind (lunr ${perKindFor('lunr')}), ${os.cpus().length} cores`,
);
const results: EngineResult[] = [];
for (const engine of engines) {
  console.log(`${engine}: building…`);
  const r = await runChild(engine);
  results.push(r);
  console.log(
    `${engine}: build ${(r.buildMs / 1000).toFixed(1)} s (${r.buildRatePerSec}/s), heap +${r.memory.heapMB} MB, rss +${r.memory.rssMB} MB` +
      (r.memory.diskMB !== null ? `, stored ${r.memory.diskMB} MB` : '') +
      `, freshness p95 ${r.freshness.p95} ms`,
  );
}

const fts = results.find((r) => r.engine === 'fts5');
console.log('');
console.log(
  `${'kind'.padEnd(14)}${engines.map((e) => pad(`${e} p50/p95/p99 ms`, 30)).join('')}${fts ? '   fts5 p95 ÷ ref' : ''}`,
);
for (const kind of QUERY_KINDS) {
  const cells = results.map((r) => {
    const q = r.queries[kind];
    return pad(q ? `${q.p50} / ${q.p95} / ${q.p99}` : 'n/a', 30);
  });
  const ratios = fts?.queries[kind]
    ? results
        .filter((r) => r.engine !== 'fts5' && r.queries[kind])
        .map((r) => `${r.engine} ${(fts.queries[kind]!.p95 / r.queries[kind]!.p95).toFixed(2)}×`)
        .join(', ')
    : '';
  console.log(`${kind.padEnd(14)}${cells.join('')}   ${ratios}`);
}
console.log('CPU time per query, p50/p95 ms (excludes time descheduled on a shared machine):');
for (const kind of QUERY_KINDS)
  console.log(
    `${kind.padEnd(14)}${results
      .map((r) => {
        const c = r.cpuTime[kind];
        return pad(c ? `${c.p50} / ${c.p95}` : 'n/a', 30);
      })
      .join('')}`,
  );
console.log(
  `mean hits per query: ${results.map((r) => `${r.engine} ${QUERY_KINDS.map((k) => r.meanHits[k]).join('/')}`).join('; ')}`,
);
for (const r of results.filter((x) => Object.keys(x.adminScope).length > 0))
  console.log(
    `${r.engine}, admin scope (member of 4 of 8 readable mailboxes), p50/p95: ` +
      Object.entries(r.adminScope)
        .map(([k, q]) => `${k} ${q?.p50}/${q?.p95} ms`)
        .join(', '),
  );
const goal = fts
  ? QUERY_KINDS.map((k) => [k, fts.queries[k]?.p95 ?? Infinity] as const).filter(
      ([, p95]) => p95 > GOAL_P95_MS,
    )
  : [];
if (fts)
  console.log(
    goal.length === 0
      ? `\nFTS5 p95 ≤ ${GOAL_P95_MS} ms for every kind: met`
      : `\nFTS5 p95 over ${GOAL_P95_MS} ms: ${goal.map(([k, p]) => `${k} ${p} ms`).join(', ')}`,
  );

await mkdir(path.dirname(outFile), { recursive: true });
await writeFile(
  outFile,
  JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverageAtStart: os.loadavg(),
      documents: count,
      queriesPerKind: perKind,
      goalP95Ms: GOAL_P95_MS,
      results,
    },
    null,
    2,
  ) + '\n',
);
console.log(`written ${path.relative(process.cwd(), outFile)}`);
