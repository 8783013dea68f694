// A relay's sync half on a real port: node:http + createSyncServer + the node:sqlite store in a
// temp dir, with a test authenticator mapping `?token=<name>` to a principal.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailboxId, Principal, Role, UserId } from '@wharf/model';
import type { StoragePolicy } from '../../apps/relay/src/storage/index.ts';
import { createSqliteDocStore, DEFAULT_STORAGE_POLICY } from '../../apps/relay/src/storage/index.ts';
import type { Clock, SyncLimits, SyncServer, Timers } from '../../apps/relay/src/sync/index.ts';
import { createSyncServer } from '../../apps/relay/src/sync/index.ts';
import type { DocStore } from '../../apps/relay/src/storage/index.ts';

export const user = (id: string, role: Role, mailboxes: string[] = []): Principal => ({
  kind: 'user',
  userId: id as UserId,
  role,
  mailboxes: new Set(mailboxes as MailboxId[]),
});

/** The cast of the sync tests, by token. */
export const PRINCIPALS: Record<string, Principal> = {
  admin: user('u-admin', 'admin'),
  alice: user('u-alice', 'member', ['m1']),
  bob: user('u-bob', 'member', ['m1']),
  carol: user('u-carol', 'member', ['m2']),
  bridge: { kind: 'service', name: 'mail-bridge' },
};

export interface SyncRelay extends AsyncDisposable {
  readonly port: number;
  /** ws://127.0.0.1:<port> */
  readonly wsUrl: string;
  readonly sync: SyncServer;
  readonly store: DocStore;
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface SyncRelayOptions {
  /** Reuse a data dir (restart tests); a fresh temp dir otherwise, removed on close. */
  dataDir?: string;
  policy?: Partial<StoragePolicy>;
  limits?: Partial<SyncLimits>;
  principals?: Record<string, Principal>;
  timers?: Timers;
  clock?: Clock;
}

export function tokenPrincipal(principals: Record<string, Principal>) {
  return (req: IncomingMessage): Promise<Principal | undefined> => {
    const token = new URL(req.url ?? '/', 'http://relay').searchParams.get('token');
    return Promise.resolve(token ? principals[token] : undefined);
  };
}

export async function startSyncRelay(options: SyncRelayOptions = {}): Promise<SyncRelay> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wharf-relay-sync-'));
  const store = createSqliteDocStore({
    path: join(dataDir, 'docs.sqlite'),
    policy: { ...DEFAULT_STORAGE_POLICY, ...options.policy },
  });
  const sync = createSyncServer({
    store,
    authenticate: tokenPrincipal(options.principals ?? PRINCIPALS),
    limits: options.limits,
    timers: options.timers,
    clock: options.clock,
    log: () => {},
  });
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (!sync.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await sync.close();
      server.closeAllConnections();
      await stopped;
      await store.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    })());
  return { port, wsUrl: `ws://127.0.0.1:${port}`, sync, store, dataDir, close, [Symbol.asyncDispose]: close };
}
