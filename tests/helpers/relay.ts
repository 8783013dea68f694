// A real relay for integration tests: port 0, a fresh data dir under the OS temp dir, removed on
// dispose. `await using relay = await startRelay()`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import * as Y from 'yjs';
import type { Role } from '@wharf/model';
import {
  decodeServerMessage,
  encodeMessage,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ServerMessage,
} from '@wharf/sync';
import { createRelay, type Relay, type RelayOptions } from '@wharf/relay';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  role: Role;
  mailboxes: string[];
  /** The session token itself (for `?token=` or a bearer header). */
  session: string;
  /** `Cookie` header value carrying the session. */
  cookie: string;
}

export interface ApiInit {
  method?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  cookie?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestRelay extends AsyncDisposable {
  readonly relay: Relay;
  readonly url: string;
  /** ws://host:port, for `${wsUrl}/sync` and `${wsUrl}/y/<doc>`. */
  readonly wsUrl: string;
  readonly dataDir: string;
  /** The first-run admin, created on first call. */
  admin(): Promise<TestUser>;
  /** A new user through a real invite link (created by the admin). */
  member(options?: { role?: Role; mailboxes?: string[]; name?: string }): Promise<TestUser>;
  serviceToken(name?: string): Promise<string>;
  api(path: string, init?: ApiInit): Promise<Response>;
  dispose(): Promise<void>;
}

export interface StartRelayOptions extends Partial<Omit<RelayOptions, 'dataDir' | 'port'>> {
  /** Reuse a data dir (e.g. to restart on the same data); it is then not removed on dispose. */
  dataDir?: string;
}

const PASSWORD = 'test-password-1';

export function sessionFrom(response: Response): string {
  for (const header of response.headers.getSetCookie()) {
    const match = /^wharf_session=([^;]+)/.exec(header);
    if (match?.[1]) return match[1];
  }
  throw new Error(`no session cookie in response ${response.status}`);
}

async function expectStatus(response: Response, status: number): Promise<Response> {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  return response;
}

/** Users of a running Wharf at `baseUrl` (a test relay or `npm start`), through its real REST API. */
export interface TestUsers {
  admin: () => Promise<TestUser>;
  member: (options?: { role?: Role; mailboxes?: string[]; name?: string }) => Promise<TestUser>;
  api: (path: string, init?: ApiInit) => Promise<Response>;
}

export function testUsers(baseUrl: string): TestUsers {
  let admin: Promise<TestUser> | undefined;
  let counter = 0;

  const api = (path: string, init: ApiInit = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.cookie) headers['cookie'] = init.cookie;
    if (init.token) headers['authorization'] = `Bearer ${init.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    return fetch(baseUrl + path, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  };

  const signedIn = async (response: Response, password: string): Promise<TestUser> => {
    const { user } = (await response.json()) as { user: Omit<TestUser, 'session' | 'cookie' | 'password'> };
    const session = sessionFrom(response);
    return { ...user, password, session, cookie: `wharf_session=${session}` };
  };

  const createAdmin = async (): Promise<TestUser> => {
    const json = {
      workspaceName: 'Test workspace',
      name: 'Admin',
      email: 'admin@example.com',
      password: PASSWORD,
    };
    return signedIn(await expectStatus(await api('/api/setup', { json }), 201), PASSWORD);
  };

  const users: TestUsers = {
    admin: () => (admin ??= createAdmin()),
    member: async ({ role = 'member', mailboxes = [], name } = {}) => {
      const { cookie } = await users.admin();
      const invite = await api('/api/invites', { cookie, json: { role, mailboxes } });
      const { token } = (await (await expectStatus(invite, 201)).json()) as { token: string };
      const n = (counter += 1);
      const json = { name: name ?? `${role} ${n}`, email: `${role}${n}@example.com`, password: PASSWORD };
      const accepted = await api(`/api/invites/${token}/accept`, { json });
      return signedIn(await expectStatus(accepted, 201), PASSWORD);
    },
    api,
  };
  return users;
}

export async function startRelay(options: StartRelayOptions = {}): Promise<TestRelay> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'wharf-relay-')));
  const relay = await createRelay({ log: () => {}, ...options, dataDir, port: 0, host: '127.0.0.1' });
  const { admin, member, api } = testUsers(relay.url);

  const testRelay: TestRelay = {
    relay,
    url: relay.url,
    wsUrl: relay.url.replace(/^http/, 'ws'),
    dataDir,
    admin,
    member,
    async serviceToken(name = 'mail-bridge') {
      const { cookie } = await testRelay.admin();
      const response = await expectStatus(await api('/api/service-tokens', { cookie, json: { name } }), 201);
      return ((await response.json()) as { token: string }).token;
    },
    api,
    async dispose() {
      await relay.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
    [Symbol.asyncDispose]: () => testRelay.dispose(),
  };
  return testRelay;
}

const TIMEOUT_MS = 5_000;

/** Status of a websocket upgrade: 101 when accepted, the HTTP status when refused. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('wharf-test-key!!').toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A minimal client of the Wharf sync protocol (packages/sync), for auth and shutdown tests. */
export class WireClient {
  readonly closed: Promise<{ code: number }>;
  #received: ServerMessage[] = [];
  #waiters = new Set<() => void>();
  #socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (event) => {
      this.#received.push(decodeServerMessage(new Uint8Array(event.data as ArrayBuffer)));
      for (const wake of this.#waiters) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.addEventListener('close', (e) => resolve({ code: e.code })),
    );
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<WireClient> {
    const socket = new WebSocket(url, { headers } as unknown as string[]);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`websocket to ${url} failed`)), { once: true });
    });
    const client = new WireClient(socket);
    client.send({ type: 'hello', version: PROTOCOL_VERSION });
    await client.next('welcome');
    return client;
  }

  send(message: ClientMessage): void {
    this.#socket.send(encodeMessage(message));
  }

  /** The next unread message of these types (for this doc), waiting for it if needed. */
  next<T extends ServerMessage['type']>(
    types: T | T[],
    doc?: string,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const wanted: string[] = Array.isArray(types) ? types : [types];
    const matches = (m: ServerMessage) =>
      wanted.includes(m.type) && (doc === undefined || ('doc' in m && m.doc === doc));
    const take = () => {
      const index = this.#received.findIndex(matches);
      return index < 0
        ? undefined
        : (this.#received.splice(index, 1)[0] as Extract<ServerMessage, { type: T }>);
    };
    return new Promise((resolve, reject) => {
      const found = take();
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(new Error(`no ${wanted.join('|')} ${doc ?? ''} within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      const wake = () => {
        const message = take();
        if (!message) return;
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(message);
      };
      this.#waiters.add(wake);
    });
  }

  /** Subscribes and returns the relay's answer: `subscribed` or `denied`. */
  async subscribe(doc: string): Promise<ServerMessage> {
    this.send({ type: 'subscribe', doc, seq: 0, stateVector: Y.encodeStateVector(new Y.Doc()) });
    return this.next(['subscribed', 'denied'], doc);
  }

  close(): void {
    this.#socket.close();
  }
}
