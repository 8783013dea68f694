// Composition root: `node apps/mail-bridge/src/main.ts`. Reads WHARF_BRIDGE_DATA (default
// ./data/bridge), WHARF_SECRET_KEY, and optionally WHARF_RELAY_URL + WHARF_BRIDGE_TOKEN (then it
// writes docs through the relay). Syncs every active mailbox; prints events and progress as JSON lines.
import { randomUUID } from 'node:crypto';
import { createSyncClient } from '@wharf/sync';
import { createBridge } from './bridge.ts';
import { relayApprovalLookup } from './send/approval-gate.ts';
import { printEvent, printLine, printProgress } from './cli-output.ts';

const { WHARF_RELAY_URL: relayUrl, WHARF_BRIDGE_TOKEN: token } = process.env;
const client =
  relayUrl && token ? createSyncClient({ url: `${relayUrl.replace(/^http/, 'ws')}/sync`, token }) : undefined;

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
  docs: client ? { client, newId: () => randomUUID() } : undefined,
  ...(relayUrl && token ? { approvals: relayApprovalLookup(relayUrl, token) } : {}),
  onEvent: (event) => {
    printEvent(printLine, event);
    if (event.kind === 'synced' && client)
      void bridge.docsWritten().then(
        () => printLine({ event: 'docs-written' }),
        (err: unknown) => printLine({ event: 'error', message: String(err) }),
      );
  },
  sync: {
    batchSize: Number(process.env.WHARF_BRIDGE_BATCH ?? 500),
    metadataOnly: process.env.WHARF_BRIDGE_METADATA_ONLY === '1',
  },
});
bridge.start();
const report = setInterval(() => printProgress(printLine, bridge.progress()), 2_000);
const shutdown = () => {
  clearInterval(report);
  void bridge[Symbol.asyncDispose]().then(() => {
    client?.destroy();
    process.exit(0);
  });
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
