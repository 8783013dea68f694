// The relay + Dovecot + bridge stack that the bridge, routing and hand-over integration tests start:
// each part optional, all on port 0 and in temp dirs, torn down in reverse order by one
// `await using stack = await startStack(...)` (or `stack[Symbol.asyncDispose]()` in afterAll).
// The bridge's mailbox is written into its state before the bridge starts, as `npm start` does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { counterIds } from '@wharf/model';
import { requireMailbox, requireRole } from '@wharf/relay';
import { createSyncClient, type SyncClient } from '@wharf/sync';
import {
  createBridge,
  mountBridgeRoutes,
  mountMailboxRoutes,
  openBridgeState,
  type Bridge,
  type BridgeDeps,
  type MailboxSettings,
} from '@wharf/mail-bridge';
import { dovecotMailbox, eventLog, realTimeDeps, type EventLog } from '@wharf/mail-bridge/testing';
import { startDovecot, type Dovecot, type DovecotUser } from './dovecot.ts';
import { startRelay, type StartRelayOptions, type TestRelay } from './relay.ts';

export interface StackBridgeOptions {
  /** WHARF_SECRET_KEY; undefined lets the bridge create its key file. */
  secretKey?: string;
  /** The mailbox written into the bridge's state first; default `sales` on the first Dovecot user. */
  mailbox?: MailboxSettings | null;
  /** Changes to that default mailbox (e.g. `extraFolders`). */
  settings?: Partial<MailboxSettings>;
  /** Write into the docs through the relay as a service client (default: when there is a relay). */
  docs?: boolean;
  sync?: BridgeDeps['sync'];
  /** false: only prepare the data dir (a test that runs the bridge as a child process). */
  start?: boolean;
}

export interface StackOptions {
  /** Dovecot accounts; none: no Dovecot. */
  users?: readonly DovecotUser[];
  /** Fills Dovecot before the bridge starts. */
  seed?: (dovecot: Dovecot) => void;
  /** false: no relay, and the bridge writes no docs. */
  relay?: StartRelayOptions | false;
  /** Mount the bridge's body and mailbox-admin routes on the relay, bound to the running bridge. */
  routes?: boolean;
  /** false: no bridge. */
  bridge?: StackBridgeOptions | false;
}

export interface Stack extends AsyncDisposable {
  get relay(): TestRelay;
  get dovecot(): Dovecot;
  /** The running bridge (the latest one after a restart). */
  get bridge(): Bridge;
  /** The bridge's service connection to the relay, when it writes docs. */
  get bridgeClient(): SyncClient;
  readonly dataDir: string;
  /** Every sync event of every bridge this stack started, in order. */
  readonly log: EventLog;
  /** Starts a bridge on the stack's data dir (again, after `stopBridge`). */
  startBridge(): Bridge;
  stopBridge(): Promise<void>;
  /** A sync client on the relay, destroyed with the stack. */
  connect(token: string): SyncClient;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`this stack was started without ${what}`);
  return value;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clients: SyncClient[] = [];
  let relay: TestRelay | undefined;
  let dovecot: Dovecot | undefined;
  let bridge: Bridge | undefined;
  let bridgeClient: SyncClient | undefined;
  let generation = 0;
  const bridgeOptions = options.bridge === false ? undefined : (options.bridge ?? {});
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-stack-'));
  const log = eventLog();

  const connect = (token: string) => {
    const client = createSyncClient({ url: `${required(relay, 'a relay').wsUrl}/sync`, token });
    clients.push(client);
    return client;
  };

  const stack: Stack = {
    get relay() {
      return required(relay, 'a relay');
    },
    get dovecot() {
      return required(dovecot, 'Dovecot');
    },
    get bridge() {
      return required(bridge, 'a bridge');
    },
    get bridgeClient() {
      return required(bridgeClient, "the bridge's docs connection");
    },
    dataDir,
    log,
    connect,
    startBridge() {
      const o = required(bridgeOptions, 'a bridge');
      generation += 1;
      bridge = createBridge({
        ...realTimeDeps(),
        dataDir,
        secretKey: o.secretKey,
        onEvent: log.onEvent,
        ...(bridgeClient
          ? { docs: { client: bridgeClient, newId: counterIds(`bridge-${generation}`) } }
          : {}),
        ...(o.sync ? { sync: o.sync } : {}),
      });
      bridge.start();
      return bridge;
    },
    async stopBridge() {
      const running = bridge;
      bridge = undefined;
      await running?.[Symbol.asyncDispose]();
    },
    async [Symbol.asyncDispose]() {
      await stack.stopBridge();
      for (const client of [bridgeClient, ...clients]) client?.destroy();
      await dovecot?.[Symbol.asyncDispose]();
      await relay?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  try {
    if (options.relay !== false) {
      const relayOptions = options.relay ?? {};
      relay = await startRelay({
        ...relayOptions,
        routes: (app, auth) => {
          relayOptions.routes?.(app, auth);
          if (!options.routes) return;
          // the relay exists before the bridge (the bridge needs its URL): resolve at request time
          const guard = { requireRole, requireMailbox };
          mountMailboxRoutes(app, guard, {
            get store() {
              return stack.bridge.store;
            },
            changed: (id) => stack.bridge.mailboxChanged(id),
            progress: (id) => stack.bridge.progress().find((p) => p.mailboxId === id),
          });
          mountBridgeRoutes(app, guard, {
            get store() {
              return stack.bridge.store;
            },
            get blobs() {
              return stack.bridge.blobs;
            },
          });
        },
      });
    }
    if (options.users?.length) {
      dovecot = await startDovecot(options.users);
      options.seed?.(dovecot);
    }
    if (bridgeOptions) {
      const user = options.users?.[0];
      const mailbox =
        bridgeOptions.mailbox === undefined && dovecot && user
          ? dovecotMailbox('sales', user.email, dovecot.port, undefined, bridgeOptions.settings)
          : bridgeOptions.mailbox;
      const setup = openBridgeState(dataDir, bridgeOptions.secretKey);
      if (mailbox) {
        const password = options.users?.find((u) => u.email === mailbox.username)?.password;
        setup.store.addMailbox(mailbox, {
          password: required(password, `a Dovecot user ${mailbox.username}`),
        });
      }
      setup.store.close();
      if (relay && bridgeOptions.docs !== false)
        bridgeClient = createSyncClient({ url: `${relay.wsUrl}/sync`, token: await relay.serviceToken() });
      if (bridgeOptions.start !== false) stack.startBridge();
    }
    return stack;
  } catch (error) {
    await stack[Symbol.asyncDispose]();
    throw error;
  }
}
