// `npm start`: Wharf on one port. The relay (REST API, web app, sync sockets) and the mail
// bridge run in this one process: the bridge's message routes mount on the relay's app behind
// the relay's auth, and the bridge writes docs through the relay's socket as a service client,
// like any other client (design §1). Neither app imports the other; this file composes them.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  callerMailboxes,
  createRelay,
  requireMailbox,
  requireReady,
  requireRole,
  type Relay,
} from '@wharf/relay';
import {
  createBridge,
  mountBridgeRoutes,
  mountMailboxRoutes,
  mountSearchRoutes,
  mountUploadRoutes,
  type Bridge,
} from '@wharf/mail-bridge';
import { createSyncClient } from '@wharf/sync';

const dataDir = process.env['WHARF_DATA_DIR'] ?? './data';
const bridgeDir = join(dataDir, 'bridge');
// The relay listens before the bridge exists (the bridge's sync client needs the relay's URL), so
// the bridge's routes resolve it per request and answer 503 in that short window.
const late: { bridge?: Bridge } = {};
const ready = (): Bridge => {
  if (!late.bridge) throw new Error('mail bridge not started');
  return late.bridge;
};
const live = {
  get store() {
    return ready().store;
  },
  get blobs() {
    return ready().blobs;
  },
  get search() {
    return ready().search;
  },
  changed: (id: string) => ready().mailboxChanged(id),
  progress: (id: string) =>
    ready()
      .progress()
      .find((p) => p.mailboxId === id),
};

const relay = await createRelay({
  dataDir,
  port: Number(process.env['PORT'] ?? 8787),
  host: process.env['HOST'] ?? '127.0.0.1',
  webRoot: process.env['WHARF_WEB_ROOT'] ?? fileURLToPath(new URL('../apps/web/build', import.meta.url)),
  routes: (app) => {
    for (const path of ['/api/bridge/*', '/api/mailboxes/*', '/api/search', '/api/search/*'])
      app.use(
        path,
        requireReady(() => late.bridge !== undefined),
      );
    const guard = { requireMailbox, requireRole, callerMailboxes };
    mountMailboxRoutes(app, guard, live);
    mountBridgeRoutes(app, guard, live);
    mountSearchRoutes(app, guard, live);
    mountUploadRoutes(app, guard, live);
  },
});

/** The bridge's service token, kept (0600) beside the data so restarts reuse it. */
async function bridgeToken(relay: Relay): Promise<string> {
  const file = join(dataDir, 'bridge.token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    const request = { headers: { authorization: `Bearer ${token}` }, url: '/' };
    if (await relay.auth.authenticate(request as never)) return token;
  }
  const token = relay.auth.createServiceToken('mail-bridge');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

const client = createSyncClient({
  url: `${relay.url.replace(/^http/, 'ws')}/sync`,
  token: await bridgeToken(relay),
});
const bridge = createBridge({
  dataDir: bridgeDir,
  secretKey: process.env['WHARF_SECRET_KEY'],
  clock: { now: () => Date.now() },
  timers: {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  },
  random: Math.random,
  newThreadId: () => randomUUID(),
  docs: { client, newId: () => randomUUID() },
  approvals: (outboxId) => Promise.resolve(relay.approvals.decisionOf(outboxId)),
  // A mailbox that cannot sync (wrong password, server unreachable) says so where the admin looks.
  onEvent: (event) => {
    if (event.kind === 'error') console.error(`Wharf: mailbox ${event.mailboxId}: ${event.message}`);
  },
});
late.bridge = bridge;
// Publish every mailbox's public part (address, name) into the workspace doc, then sync them.
for (const mailbox of bridge.store.listMailboxes()) await bridge.mailboxChanged(mailbox.id);
bridge.start();

const lines = [`Wharf: ${relay.url}`];
if (relay.auth.needsSetup())
  lines.push(
    `First run: open ${relay.url} to create the admin account. 首次运行：请打开 ${relay.url} 创建管理员账号。`,
  );
console.log(lines.join('\n'));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`Wharf: ${signal}, shutting down. 正在关闭。`);
  await bridge[Symbol.asyncDispose]();
  client.destroy();
  await relay.close();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
