// The auth matrix on the websocket side: /sync and /y/<doc> upgrades and every subscribe/update,
// against a real relay. A tiny wire client speaks packages/sync's protocol directly.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CLOSE,
  decodeServerMessage,
  encodeMessage,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ServerMessage,
} from '@wharf/sync';
import { startRelay, type TestRelay } from '../helpers/relay.ts';

const TIMEOUT_MS = 5_000;

/** Status of a websocket upgrade: 101 when accepted, the HTTP status when refused. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
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

class WireClient {
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

const connect = (relay: TestRelay, headers: Record<string, string>) =>
  WireClient.connect(`${relay.wsUrl}/sync`, headers);

function someUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('settings').set('signature', 'hacked');
  return Y.encodeStateAsUpdate(doc);
}

describe('relay auth on websockets', () => {
  it('refuses anonymous and forged upgrades with 401', async () => {
    await using relay = await startRelay();
    await relay.admin();
    expect(await upgradeStatus(`${relay.wsUrl}/sync`)).toBe(401);
    expect(await upgradeStatus(`${relay.wsUrl}/y/workspace`)).toBe(401);
    expect(await upgradeStatus(`${relay.wsUrl}/sync`, { cookie: 'wharf_session=forged' })).toBe(401);
    expect(await upgradeStatus(`${relay.wsUrl}/sync?token=wst_forged`)).toBe(401);
    expect(await upgradeStatus(`${relay.wsUrl}/elsewhere`)).toBe(404);
  });

  it('denies a member the thread and index docs of a mailbox they are not granted', async () => {
    await using relay = await startRelay();
    const member = await relay.member({ mailboxes: ['info'] });
    const client = await connect(relay, { cookie: member.cookie });
    expect(await client.subscribe('thread/sales/t1')).toMatchObject({ type: 'denied', code: 'forbidden' });
    expect(await client.subscribe('index/sales/hot')).toMatchObject({ type: 'denied', code: 'forbidden' });
    expect(await client.subscribe('thread/info/t1')).toMatchObject({ type: 'subscribed', access: 'write' });
    expect(await client.subscribe('index/info/hot')).toMatchObject({ type: 'subscribed', access: 'write' });
    client.close();
    expect(await upgradeStatus(`${relay.wsUrl}/y/thread/sales/t1`, { cookie: member.cookie })).not.toBe(101);
    expect(await upgradeStatus(`${relay.wsUrl}/y/thread/info/t1`, { cookie: member.cookie })).toBe(101);
  });

  it('closes a revoked user’s open socket with the revoked code and refuses their session after', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const member = await relay.member({ mailboxes: ['sales'] });
    const client = await connect(relay, { cookie: member.cookie });
    expect(await client.subscribe('thread/sales/t1')).toMatchObject({ type: 'subscribed' });

    const revoked = await relay.api(`/api/members/${member.id}/revoke`, { cookie: admin.cookie, json: {} });
    expect(revoked.status).toBe(200);
    expect((await client.closed).code).toBe(CLOSE.REVOKED.code);
    expect(await upgradeStatus(`${relay.wsUrl}/sync`, { cookie: member.cookie })).toBe(401);
  });

  it('lets a service token in by bearer header or query, with write access to every mailbox', async () => {
    await using relay = await startRelay();
    const token = await relay.serviceToken();
    const client = await connect(relay, { authorization: `Bearer ${token}` });
    expect(await client.subscribe('thread/sales/t1')).toMatchObject({ type: 'subscribed', access: 'write' });
    expect(await client.subscribe('workspace')).toMatchObject({ type: 'subscribed', access: 'write' });
    client.close();
    const byQuery = await WireClient.connect(`${relay.wsUrl}/sync?token=${encodeURIComponent(token)}`);
    expect(await byQuery.subscribe('index/info/hot')).toMatchObject({ type: 'subscribed', access: 'write' });
    byQuery.close();
  });

  it('lets members read but not write the workspace doc; admins write it', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const member = await relay.member();
    const client = await connect(relay, { cookie: member.cookie });
    expect(await client.subscribe('workspace')).toMatchObject({ type: 'subscribed', access: 'read' });
    client.send({ type: 'update', doc: 'workspace', ref: 1, update: someUpdate() });
    expect(await client.next('rejected', 'workspace')).toMatchObject({ ref: 1, code: 'read_only' });
    client.close();

    const adminClient = await connect(relay, { cookie: admin.cookie });
    expect(await adminClient.subscribe('workspace')).toMatchObject({ type: 'subscribed', access: 'write' });
    adminClient.send({ type: 'update', doc: 'workspace', ref: 1, update: someUpdate() });
    expect(await adminClient.next('ack', 'workspace')).toMatchObject({ ref: 1 });
    adminClient.close();
  });

  it('mirrors members into the workspace doc without credentials', async () => {
    await using relay = await startRelay();
    const admin = await relay.admin();
    const member = await relay.member({ name: 'Bo 王' });
    await relay.api(`/api/members/${member.id}/revoke`, { cookie: admin.cookie, json: {} });

    const token = await relay.serviceToken();
    const client = await connect(relay, { authorization: `Bearer ${token}` });
    expect(await client.subscribe('workspace')).toMatchObject({ type: 'subscribed' });
    const { update } = await client.next('sync-step2', 'workspace');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const members = doc.getMap('members').toJSON();
    expect(members[admin.id]).toEqual({
      id: admin.id,
      name: 'Admin',
      email: admin.email,
      role: 'admin',
      active: true,
    });
    expect(members[member.id]).toMatchObject({ name: 'Bo 王', role: 'member', active: false });
    expect(JSON.stringify(members)).not.toMatch(/password|scrypt|session/i);
    expect(doc.getMap('settings').get('name')).toBe('Test workspace');
    client.close();
  });
});
