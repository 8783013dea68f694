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

// As under `npm start`: through a real relay, the inbox timed at a member's client, then everything.
const through = (await import(
  new URL('./usable-inbox.ts', import.meta.url).href
)) as typeof import('./usable-inbox.ts');
const usable = await through.measureUsableInbox(Number(values.messages));
console.log(
  `# inbox usable at a reader through the relay: first 500 rows in ${usable.firstScreenMs} ms, all ${usable.threads} rows in ${usable.allRowsMs} ms (${usable.messagesPerSec} msg/s)`,
);
const full = await through.measureFullIngestThroughRelay(Number(values.messages));
console.log(
  `# full ingest through the relay (bodies in the docs, thread fields in the index): ${full.doneMs} ms (${full.messagesPerSec} msg/s; sync pass over at ${full.syncedMs} ms)`,
);
console.log(
  JSON.stringify(
    {
      usableInbox: usable,
      fullIngestThroughRelay: full,
      goals: { inboxUsableAtLeast1000PerSec: usable.messagesPerSec >= 1000 },
    },
    null,
    2,
  ),
);
