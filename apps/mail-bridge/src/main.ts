// Composition root: `node apps/mail-bridge/src/main.ts`. Reads WHARF_BRIDGE_DATA (default
// ./data/bridge) and WHARF_SECRET_KEY, syncs every active mailbox, prints progress as JSON lines.
import { randomUUID } from 'node:crypto';
import { createBridge } from './bridge.ts';

const bridge = createBridge({
  dataDir: process.env.WHARF_BRIDGE_DATA ?? 'data/bridge',
  secretKey: process.env.WHARF_SECRET_KEY,
  clock: { now: () => Date.now() },
  timers: {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  },
  random: Math.random,
  newThreadId: () => randomUUID(),
  onEvent: (event) => {
    const count = 'keys' in event ? event.keys.length : 'uids' in event ? event.uids.length : undefined;
    const message = event.kind === 'error' ? event.message : undefined;
    process.stdout.write(
      `${JSON.stringify({ event: event.kind, mailbox: event.mailboxId, count, message })}\n`,
    );
  },
  sync: {
    batchSize: Number(process.env.WHARF_BRIDGE_BATCH ?? 500),
    metadataOnly: process.env.WHARF_BRIDGE_METADATA_ONLY === '1',
  },
});
bridge.start();
const report = setInterval(() => {
  for (const p of bridge.progress())
    process.stdout.write(
      `${JSON.stringify({ progress: p.mailboxId, phase: p.phase, done: p.done, total: p.total, rate: Math.round(p.rate), eta: p.etaSeconds })}\n`,
    );
}, 2_000);
const shutdown = () => {
  clearInterval(report);
  void bridge[Symbol.asyncDispose]().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
