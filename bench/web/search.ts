// `npm run bench:web-search [-- --quick] [-- --out=path]`
// The offline search index (lunr segments in the web app's search worker) in Debian's Chromium
// against a real relay, with 5k and 50k index rows spread over 24 months (multilingual trade
// text): the first build, a reload that restores the closed-month segments from IndexedDB, and
// query latency per kind, measured in the page around the worker round trip.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mailboxId as toMailboxId, threadId as toThreadId, type ThreadSummary } from '@wharf/model';
import type { QueryNode } from '@wharf/search';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR } from '../../tests/helpers/browser.ts';
import { startRelay } from '../../tests/helpers/relay.ts';
import { ROWS_PER_MAILBOX, seedIndexRows } from '../../tests/e2e/support/index-rows.ts';
import { stats, type Stats } from './stats.ts';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const quick = values.quick;
const SIZES = quick ? [5_000] : [5_000, 50_000];
const RELOADS = quick ? 2 : 5;
const QUERY_REPS = quick ? 10 : 30;
const TIMEOUT = 300_000;
const outFile =
  values.out ??
  fileURLToPath(
    new URL(
      quick ? '../../.bench-out/web-search-quick.json' : './results/search-latest.json',
      import.meta.url,
    ),
  );

// Seeded PRNG: the same corpus every run.
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}
const EN =
  'quote price sample order shipment invoice payment deposit balance container freight forwarder valve flange pump steel stainless drawing specification delivery lead time packing pallet carton discount contract inspection certificate warranty urgent revised catalogue'.split(
    ' ',
  );
const ZH =
  '报价 价格 样品 订单 发货 发票 付款 定金 尾款 集装箱 货代 球阀 法兰 水泵 不锈钢 图纸 规格 交货期 包装 托盘 纸箱 折扣 合同 验货 证书 质保 加急 目录 起订量 海运'.split(
    ' ',
  );
const TAGS = ['vip', 'urgent', 'sample', '重要'];
const STATUSES = ['open', 'pending', 'closed'] as const;
const MONTH = 30.4 * 86_400_000;

function row(mailbox: string, n: number, now: number, rand: () => number): ThreadSummary {
  const pick = (words: readonly string[]) => words[Math.floor(rand() * words.length)]!;
  const mixed = () => (rand() < 0.45 ? pick(EN) : rand() < 0.64 ? pick(ZH) : `${pick(EN)} ${pick(ZH)}`);
  const at = now - rand() * 24 * MONTH;
  return {
    threadId: toThreadId(`${mailbox}-t${n}`),
    mailboxId: toMailboxId(mailbox),
    subject: `${mixed()} ${mixed()} ${mixed()} #${n}`,
    counterpart: { name: `Buyer ${n % 997}`, address: `buyer${n % 997}@customer${n % 31}.example` },
    snippet: Array.from({ length: 10 }, mixed).join(' '),
    lastActivity: at,
    messageCount: 1 + Math.floor(rand() * 4),
    hasAttachments: rand() < 0.12,
    assignee: null,
    claim: null,
    status: STATUSES[Math.floor(rand() * STATUSES.length)]!,
    snoozeUntil: null,
    closedAt: null,
    tags: rand() < 0.2 ? [pick(TAGS)] : [],
    unread: false,
    needsReply: false,
    customerId: null,
    receivedAt: at,
    firstReplyAt: null,
  };
}

const text = (t: string, prefix = false): QueryNode => ({
  type: 'text',
  text: t,
  field: null,
  phrase: false,
  prefix,
});
const QUERIES: Record<string, QueryNode> = {
  word: text('shipment'),
  'CJK 2 chars': text('球阀'),
  'CJK phrase': text('不锈钢'),
  '"phrase"': { type: 'text', text: 'lead time', field: null, phrase: true, prefix: false },
  'filter-heavy': {
    type: 'and',
    children: [
      text('price'),
      { type: 'value', field: 'status', value: 'open' },
      { type: 'value', field: 'tag', value: 'vip' },
      { type: 'has', what: 'attachment' },
    ],
  },
  negation: { type: 'and', children: [text('报价'), { type: 'not', child: text('sample') }] },
  'type-ahead': text('contai', true),
};

interface WorkerStats {
  documents: number;
  pending: number;
  segments: number;
  restoreMs: number | null;
  segmentsRestored: number;
  maintainMs: number | null;
  rebuilt: string[];
}

const startedAt = new Date();
const loadAtStart = os.loadavg();
await ensureWebBuild();
await using relay = await startRelay({ webRoot: WEB_BUILD_DIR });
await using browser = await launchBrowser();
const token = await relay.serviceToken();
const gitHead = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

const results: Record<string, unknown> = {};
for (const size of SIZES) {
  console.log(`offline search index, ${size} threads`);
  const mailboxes = Array.from({ length: size / ROWS_PER_MAILBOX }, (_, m) => `s${size}-box${m}`);
  const rand = prng(42);
  await seedIndexRows(relay.wsUrl, token, mailboxes, (mailbox, n, now) => row(mailbox, n, now, rand));
  const user = await relay.member({ name: `Searcher ${size}`, mailboxes });
  const context = await browser.newContext();
  await context.addCookies([{ name: 'wharf_session', value: user.session, url: relay.url }]);
  const page = await context.newPage();

  /** Loads /inbox/all, then waits until the worker holds every row and settled. */
  const loadAndSettle = async (navigate: () => Promise<unknown>) => {
    await navigate();
    await page.getByTestId('thread-row').first().waitFor({ timeout: TIMEOUT });
    const rowsAt = await page.evaluate(() => performance.now());
    // The worker starts once every index bucket is loaded (rows may be drawn earlier).
    await page.waitForFunction(() => 'wharfOfflineSearch' in globalThis, null, { timeout: TIMEOUT });
    for (;;) {
      // stats() answers once the worker finished what it was sent (no busy loop while it builds)
      const worker = (await page.evaluate(() =>
        (
          globalThis as unknown as { wharfOfflineSearch: { stats(): Promise<unknown> } }
        ).wharfOfflineSearch.stats(),
      )) as WorkerStats;
      // Rows may reach the worker in more than one batch (buckets synced one by one); a changed
      // closed month stays pending (scanned) by design, so `pending` need not reach 0.
      if (worker.documents === size)
        return { rowsAt, settledAt: await page.evaluate(() => performance.now()), worker };
    }
  };

  const first = await loadAndSettle(() => page.goto(`${relay.url}/inbox/all`));
  console.log(
    `  first build: ${first.worker.maintainMs?.toFixed(0)} ms in the worker (${first.worker.segments} segments), ready ${(first.settledAt - first.rowsAt).toFixed(0)} ms after the rows`,
  );
  const reloads: {
    restoreMs: number;
    maintainMs: number;
    readyAfterRowsMs: number;
    segmentsRestored: number;
  }[] = [];
  for (let i = 0; i < RELOADS; i += 1) {
    const r = await loadAndSettle(() => page.reload());
    reloads.push({
      restoreMs: r.worker.restoreMs ?? NaN,
      maintainMs: r.worker.maintainMs ?? 0,
      readyAfterRowsMs: r.settledAt - r.rowsAt,
      segmentsRestored: r.worker.segmentsRestored,
    });
  }
  console.log(
    `  reload: restore p50 ${stats(reloads.map((r) => r.restoreMs)).p50} ms, recent rebuild p50 ${stats(reloads.map((r) => r.maintainMs)).p50} ms, segments restored ${reloads[0]?.segmentsRestored}`,
  );

  await context.setOffline(true);
  const queries: Record<string, Stats & { hits: number }> = {};
  for (const [kind, ast] of Object.entries(QUERIES)) {
    const samples = await page.evaluate(
      async ({ ast, mailboxes, reps }) => {
        const search = (
          globalThis as unknown as {
            wharfOfflineSearch: {
              search(a: unknown, s: unknown, o: unknown): Promise<{ hits: unknown[]; hasMore: boolean }>;
            };
          }
        ).wharfOfflineSearch;
        const scope = { readable: mailboxes, internal: mailboxes };
        const out: { ms: number; hits: number }[] = [];
        for (let i = 0; i < reps + 1; i += 1) {
          const t = performance.now();
          const result = await search.search(ast, scope, { limit: 30, prefixLast: true });
          out.push({ ms: performance.now() - t, hits: result.hits.length });
        }
        return out.slice(1); // the first is a warm-up
      },
      { ast, mailboxes, reps: QUERY_REPS },
    );
    queries[kind] = { ...stats(samples.map((s) => s.ms)), hits: samples[0]?.hits ?? 0 };
    console.log(
      `  ${kind.padEnd(13)} p50 ${queries[kind].p50} ms  p95 ${queries[kind].p95} ms  (${queries[kind].hits} hits)`,
    );
  }
  await context.close();
  results[size] = {
    firstBuild: {
      workerMs: first.worker.maintainMs,
      segments: first.worker.segments,
      readyAfterRowsMs: Math.round(first.settledAt - first.rowsAt),
    },
    reload: {
      restoreMs: stats(reloads.map((r) => r.restoreMs)),
      recentRebuildMs: stats(reloads.map((r) => r.maintainMs)),
      readyAfterRowsMs: stats(reloads.map((r) => r.readyAfterRowsMs)),
      segmentsRestored: reloads[0]?.segmentsRestored,
    },
    queries,
  };
}

const result = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  quick,
  machine: { cpus: os.cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
  chromium: browser.browser.version(),
  gitHead,
  method:
    'index rows seeded into hot buckets over the sync socket, dates spread over 24 months; a member loads /inbox/all until every row is listed, then asks the search worker for its stats once it settled (build in the worker, IndexedDB save). Reloads restore closed-month segments from IndexedDB and rebuild `recent`. Queries: page → worker → page round trip, 30 hits with snippets, one warm-up not counted.',
  sizes: results,
};
await mkdir(path.dirname(outFile), { recursive: true });
await writeFile(outFile, JSON.stringify(result, null, 2) + '\n');
console.log(`\nwritten ${path.relative(process.cwd(), outFile)}`);
