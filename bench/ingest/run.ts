// `npm run bench:ingest [-- --messages 20000 --batch 500 --body-batch 500]`: see apps/mail-bridge/src/bench/ingest-bench.ts.
// The harness lives in the bridge (it needs the bridge's modules and its Dovecot test harness);
// it is loaded by URL so this launcher stays outside the bench project's type graph.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '500' },
    'body-batch': { type: 'string', default: '500' },
  },
});
const harness = new URL('../../apps/mail-bridge/src/bench/ingest-bench.ts', import.meta.url).href;
const { runIngestBench } = (await import(harness)) as {
  runIngestBench: (o: {
    messages: number;
    batchSize: number;
    bodyBatchSize: number;
    log: (line: string) => void;
  }) => Promise<unknown>;
};
const report = await runIngestBench({
  messages: Number(values.messages),
  batchSize: Number(values.batch),
  bodyBatchSize: Number(values['body-batch']),
  log: (line) => console.log(`# ${line}`),
});
console.log(JSON.stringify(report, null, 2));

// The inbox as a member sees it: rows at a second client of a real relay (not only the bridge store).
const { measureUsableInbox } = (await import(
  new URL('./usable-inbox.ts', import.meta.url).href
)) as typeof import('./usable-inbox.ts');
const usable = await measureUsableInbox(Number(values.messages));
console.log(
  `# inbox usable at a reader through the relay: first 500 rows in ${usable.firstScreenMs} ms, all ${usable.threads} rows in ${usable.allRowsMs} ms (${usable.messagesPerSec} msg/s)`,
);
console.log(
  JSON.stringify(
    { usableInbox: usable, goal: { inboxUsableAtLeast1000PerSec: usable.messagesPerSec >= 1000 } },
    null,
    2,
  ),
);
