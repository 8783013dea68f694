// The relay as one process: one node:http server on one port carrying the REST API, the built
// web app and the websocket endpoints (/sync and /y/<doc>), all behind the same auth store.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { CLOSE } from '@wharf/sync';
import { createAuth, createWorkspaceMembers, type Auth, type Clock } from './auth/index.ts';
import { createHttpApp, type MemberEvents, type RelayEnv } from './http/index.ts';
import { createApprovalStore, type ApprovalStore } from './http/routes-approvals.ts';
import { createSqliteDocStore } from './storage/sqlite-doc-store.ts';
import type { StoragePolicy } from './storage/storage-policy.ts';
import { createSyncServer } from './sync/index.ts';

export interface RelayOptions {
  dataDir: string;
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** The built web app (apps/web/build); not served when absent. */
  webRoot?: string | undefined;
  clock?: Clock;
  log?: (message: string) => void;
  /** More routes behind the same auth, e.g. the mail bridge's message bodies and attachments. */
  routes?: (app: Hono<RelayEnv>, auth: Auth) => void;
  /** Doc size cap and compaction thresholds (default DEFAULT_STORAGE_POLICY). */
  storagePolicy?: StoragePolicy;
}

export interface Relay extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly auth: Auth;
  /** Decisions on outgoing mail that needs approval: what the mail bridge trusts (model SPEC [AP2]). */
  readonly approvals: Pick<ApprovalStore, 'decisionOf'>;
  /** Stops accepting, closes sockets with the shutdown code, flushes storage. Idempotent. */
  close(): Promise<void>;
}

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

function refuseUpgrade(socket: Duplex): void {
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export async function createRelay(options: RelayOptions): Promise<Relay> {
  const { dataDir, host = '127.0.0.1', clock = SYSTEM_CLOCK, log = console.error } = options;
  await mkdir(dataDir, { recursive: true });
  const authDb = new DatabaseSync(join(dataDir, 'auth.sqlite'));
  authDb.exec('PRAGMA journal_mode = WAL');
  const auth = createAuth({ db: authDb, clock });
  const store = createSqliteDocStore({
    path: join(dataDir, 'docs.sqlite'),
    ...(options.storagePolicy ? { policy: options.storagePolicy } : {}),
  });
  const sync = createSyncServer({ store, authenticate: auth.authenticate, clock, log });
  const members = createWorkspaceMembers({
    loadDoc: async (name) => (await store.load(name)).update,
    publish: async (name, update) => {
      await sync.publish(name, update);
    },
    log,
  });

  const events: MemberEvents = {
    async changed(user, change) {
      // Open sockets carry the principal from their upgrade and keep their subscriptions; after
      // a revoke or a change of role or grants they must go, so the client reconnects (or not)
      // under the new rules.
      if (change.revoked) sync.closeUser(user.id, CLOSE.REVOKED);
      else if (change.accessChanged) sync.closeUser(user.id, CLOSE.ACCESS_CHANGED);
      await members.mirror([user], change.workspaceName);
    },
  };

  // Reconcile the workspace doc's member list with the auth store (e.g. after a crash mid-write).
  await members.mirror(auth.listUsers(), auth.workspaceName());

  const handOver = {
    store: {
      load: async (name: string) => (await store.load(name)).update,
      names: (prefix: string) => store.names(prefix),
      publish: async (name: string, update: Uint8Array) => {
        await sync.publish(name, update);
      },
    },
    model: { now: () => clock.now(), newId: () => randomUUID() },
  };
  const approvals = createApprovalStore(authDb);
  const app = createHttpApp({
    auth,
    events,
    handOver,
    approvals: { approvals, store: handOver.store, model: handOver.model },
    webRoot: options.webRoot,
    routes: options.routes,
    log,
  });
  const listener = getRequestListener(app.fetch);
  const server = createServer((req, res) => {
    listener(req, res).catch((error: unknown) => log(`relay: request failed: ${String(error)}`));
  });
  server.on('upgrade', (req, socket, head) => {
    if (!sync.handleUpgrade(req, socket, head)) refuseUpgrade(socket);
  });
  let port: number;
  try {
    port = await listen(server, options.port, host);
  } catch (error) {
    // E.g. the port is taken: release what was opened so the caller can retry or exit cleanly.
    await sync.close();
    await store.close();
    authDb.close();
    throw error;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await sync.close();
      server.closeIdleConnections();
      await stopped;
      await store.close();
      authDb.close();
    })();
    return closing;
  };

  return {
    url: `http://${urlHost}:${port}`,
    port,
    auth,
    approvals: { decisionOf: (outboxId) => approvals.decisionOf(outboxId) },
    close,
    [Symbol.asyncDispose]: close,
  };
}
