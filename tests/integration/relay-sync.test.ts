// The multiplexed /sync endpoint end to end: real sockets on port 0, real node:sqlite.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentId, mailboxId, notificationsView, notifyMention, threadId, userId } from '@wharf/model';
import { userContext } from '@wharf/model/testing';
import { CLOSE, createSyncClient, encodeMessage, PROTOCOL_VERSION } from '@wharf/sync';
import type { SyncClient, SyncClientDeps, WebSocketConstructor } from '@wharf/sync';
import { startSyncRelay } from '../helpers/relay-sync-harness.ts';
import type { SyncRelay } from '../helpers/relay-sync-harness.ts';
import { nextEvent, onClient, untilSaved, untilText, waitUntil } from '../helpers/relay-waits.ts';

const THREAD = 'thread/m1/t1';

describe('relay /sync', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  const relay = async (options?: Parameters<typeof startSyncRelay>[0]) => {
    const r = await startSyncRelay(options);
    cleanup.push(() => r.close());
    return r;
  };
  const client = (r: SyncRelay, token: string, deps: Partial<SyncClientDeps> = {}): SyncClient => {
    const c = createSyncClient({
      url: `${r.wsUrl}/sync`,
      token,
      backoff: { initialMs: 20, maxMs: 200 },
      ...deps,
    });
    cleanup.push(() => c.destroy());
    return c;
  };

  it('[P5] syncs a thread doc between two clients and says saved only after the acks', async () => {
    const r = await relay();
    const a = client(r, 'alice');
    const b = client(r, 'bob');
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    a.attach(THREAD, docA);
    b.attach(THREAD, docB);
    await untilSaved(a);
    await untilSaved(b);

    docA.getText('body').insert(0, 'hello from alice');
    expect(a.pendingCount).toBe(1);
    expect(a.status).toBe('syncing');
    await untilSaved(a);
    expect(a.pendingCount).toBe(0);
    await untilText(docB, 'body', 'hello from alice');

    docB.getText('body').insert(0, '> ');
    await untilText(docA, 'body', '> hello from alice');
    await untilSaved(b);
    expect((await r.store.stats(THREAD)).seq).toBe(2);
    expect(a.seqOf(THREAD)).toBe(2);
    expect(b.seqOf(THREAD)).toBe(2);
  });

  it('runs over the ws package as well as the global WebSocket', async () => {
    const r = await relay();
    const { default: WS } = await import('ws');
    const overWs = client(r, 'bridge', { WebSocket: WS as unknown as WebSocketConstructor });
    const overGlobal = client(r, 'alice');
    const a = new Y.Doc();
    const b = new Y.Doc();
    overWs.attach(THREAD, a);
    overGlobal.attach(THREAD, b);
    a.getText('body').insert(0, 'from the bridge');
    await untilSaved(overWs);
    await untilText(b, 'body', 'from the bridge');
  });

  it('[P3] refuses a doc outside the mailbox grant with denied', async () => {
    const r = await relay();
    const carol = client(r, 'carol');
    const denied = nextEvent(carol, 'denied');
    carol.attach(THREAD, new Y.Doc());
    expect(await denied).toEqual([THREAD, 'forbidden', expect.any(String)]);
    await untilSaved(carol);
  });

  it('[P5] refuses a member writing the workspace doc but keeps them reading it', async () => {
    const r = await relay();
    const admin = client(r, 'admin');
    const alice = client(r, 'alice');
    const adminDoc = new Y.Doc();
    const aliceDoc = new Y.Doc();
    admin.attach('workspace', adminDoc);
    alice.attach('workspace', aliceDoc);
    await untilSaved(alice);
    expect(alice.accessOf('workspace')).toBe('read');

    const rejected = nextEvent(alice, 'rejected');
    aliceDoc.getMap('settings').set('name', 'hijacked');
    expect(await rejected).toEqual(['workspace', 'read_only', expect.any(String)]);
    expect(alice.pendingCount).toBe(0);

    // Another key: on the same key Yjs would let the higher client id win in alice's local copy.
    adminDoc.getMap('settings').set('owner', 'Acme Export');
    await untilSaved(admin);
    await waitUntil(
      'admin setting reaches alice',
      () => aliceDoc.getMap('settings').get('owner') === 'Acme Export',
      (w) => {
        aliceDoc.on('update', w);
        return () => aliceDoc.off('update', w);
      },
    );
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await r.store.load('workspace')).update);
    expect(stored.getMap('settings').toJSON()).toEqual({ owner: 'Acme Export' });
  });

  it("[P3] lets a member post into another user's doc without reading it", async () => {
    const r = await relay();
    const bob = client(r, 'bob');
    const alice = client(r, 'alice');
    const bobDoc = new Y.Doc();
    bobDoc.getMap('private').set('note', 'to self');
    bob.attach('user/u-bob', bobDoc);
    await untilSaved(bob);

    const aliceView = new Y.Doc();
    alice.attach('user/u-bob', aliceView);
    await untilSaved(alice);
    expect(alice.accessOf('user/u-bob')).toBe('append');
    expect(aliceView.getMap('private').size).toBe(0);

    const comment = {
      id: commentId('c1'),
      author: userId('u-alice'),
      body: '@bob see thread t1',
      mentions: [userId('u-bob')],
      at: 1,
    };
    const source = { threadId: threadId('t1'), mailboxId: mailboxId('sales'), comment };
    notifyMention(aliceView, source, userContext('u-alice'));
    await untilSaved(alice);
    await waitUntil(
      'mention reaches bob',
      () => notificationsView(bobDoc).items.length === 1,
      (w) => {
        bobDoc.on('update', w);
        return () => bobDoc.off('update', w);
      },
    );
    bobDoc.getMap('private').set('another', 'one');
    await untilSaved(bob);
    expect(aliceView.getMap('private').size).toBe(0);

    // Anything but a mention by the sender is refused and stored nowhere.
    const forged = nextEvent(alice, 'rejected');
    notifyMention(
      aliceView,
      { ...source, comment: { ...comment, id: commentId('c2'), author: userId('u-carol') } },
      userContext('u-alice'),
    );
    expect(await forged).toEqual([
      'user/u-bob',
      'invalid_update',
      expect.stringContaining('is not by u-alice'),
    ]);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await r.store.load('user/u-bob')).update);
    expect(notificationsView(stored).items.map((n) => (n.kind === 'mention' ? n.commentId : n.id))).toEqual([
      'c1',
    ]);
  });

  it('refuses an upgrade without credentials with 401', async () => {
    const r = await relay();
    const status = await rawUpgradeStatus(r.port, '/sync');
    expect(status).toBe(401);
    expect(await rawUpgradeStatus(r.port, '/sync?token=nobody')).toBe(401);
  });

  it('[P1] closes a stale client with the protocol-version code', async () => {
    const r = await relay();
    const ws = new WebSocket(`${r.wsUrl}/sync?token=alice`);
    ws.binaryType = 'arraybuffer';
    await new Promise((resolve) => (ws.onopen = resolve));
    const closed = new Promise<number>((resolve) => (ws.onclose = (e) => resolve(e.code)));
    ws.send(encodeMessage({ type: 'hello', version: PROTOCOL_VERSION + 1 }));
    expect(await closed).toBe(CLOSE.PROTOCOL_VERSION.code);
  });

  it('[P1] closes a client that skips the handshake with the protocol-error code', async () => {
    const r = await relay();
    const ws = new WebSocket(`${r.wsUrl}/sync?token=alice`);
    await new Promise((resolve) => (ws.onopen = resolve));
    const closed = new Promise<number>((resolve) => (ws.onclose = (e) => resolve(e.code)));
    ws.send(encodeMessage({ type: 'unsubscribe', doc: THREAD }));
    expect(await closed).toBe(CLOSE.PROTOCOL_ERROR.code);
  });

  it('[P5] refuses an update that would take a doc past the size cap', async () => {
    const r = await relay({ policy: { maxDocBytes: 64 * 1024 } });
    const alice = client(r, 'alice');
    const doc = new Y.Doc();
    alice.attach(THREAD, doc);
    doc.getText('body').insert(0, 'small start');
    await untilSaved(alice);
    const rejected = nextEvent(alice, 'rejected');
    doc.getText('body').insert(0, 'x'.repeat(100 * 1024));
    expect(await rejected).toEqual([THREAD, 'doc_too_large', expect.any(String)]);
    expect((await r.store.stats(THREAD)).seq).toBe(1);
    // not stored, so still pending: the client tries again later instead of taking it for saved
    expect(alice.pendingCount).toBe(1);
    expect(alice.status).toBe('syncing');
  });

  it('closes every socket of a revoked user with the revoked code, without reconnecting', async () => {
    const r = await relay();
    const alice = client(r, 'alice');
    alice.attach(THREAD, new Y.Doc());
    await untilSaved(alice);
    const closed = nextEvent(alice, 'close');
    expect(r.sync.closeUser(userId('u-alice'))).toBe(1);
    expect(await closed).toEqual([CLOSE.REVOKED.code, expect.any(String), false]);
    expect(alice.status).toBe('offline');
  });

  it('[P6] relays presence on one connection-level channel and clears it when a client leaves', async () => {
    const r = await relay();
    const alice = client(r, 'alice');
    const bob = client(r, 'bob');
    await waitUntil(
      'both connected',
      () => alice.connected && bob.connected,
      (w) => {
        const offs = [onClient(alice)(w), onClient(bob)(w)];
        return () => offs.forEach((off) => off());
      },
    );
    alice.awareness.setLocalState({ user: 'alice', viewing: THREAD });
    const aliceId = alice.awareness.clientID;
    const bobSees = () => bob.awareness.getStates().get(aliceId) as { viewing?: string } | undefined;
    const onBobAwareness = (w: () => void) => {
      bob.awareness.on('change', w);
      return () => bob.awareness.off('change', w);
    };
    await waitUntil('bob sees alice viewing the thread', () => bobSees()?.viewing === THREAD, onBobAwareness);
    alice.disconnect();
    await waitUntil('alice gone from bob', () => bobSees() === undefined, onBobAwareness);
  });

  it('[P10] does not tell a member without the mailbox grant which thread someone is on', async () => {
    const r = await relay();
    const alice = client(r, 'alice');
    const carol = client(r, 'carol');
    await waitUntil(
      'both connected',
      () => alice.connected && carol.connected,
      (w) => {
        const offs = [onClient(alice)(w), onClient(carol)(w)];
        return () => offs.forEach((off) => off());
      },
    );
    alice.awareness.setLocalState({ user: 'alice', viewing: THREAD });
    const carolSees = () =>
      carol.awareness.getStates().get(alice.awareness.clientID) as
        { user?: string; viewing?: string } | undefined;
    await waitUntil(
      'carol sees alice online',
      () => carolSees()?.user === 'alice',
      (w) => {
        carol.awareness.on('change', w);
        return () => carol.awareness.off('change', w);
      },
    );
    expect(carolSees()).toEqual({ user: 'alice', viewing: null });
  });

  it('[P8] cuts a connection that sends a message over the cap and stores nothing of it', async () => {
    const r = await relay({ limits: { maxMessageBytes: 64 * 1024 } });
    const ws = new WebSocket(`${r.wsUrl}/sync?token=alice`);
    await new Promise((resolve) => (ws.onopen = resolve));
    const closed = new Promise<number>((resolve) => (ws.onclose = (e) => resolve(e.code)));
    ws.send(encodeMessage({ type: 'hello', version: PROTOCOL_VERSION }));
    const big = new Uint8Array(100 * 1024);
    ws.send(encodeMessage({ type: 'update', doc: THREAD, ref: 1, update: big }));
    expect(await closed).toBe(CLOSE.MESSAGE_TOO_LARGE.code);
    expect((await r.store.stats(THREAD)).seq).toBe(0);
  });

  it('closes gracefully: appends under way are stored, clients get the shutdown code and will reconnect', async () => {
    const r = await relay();
    const alice = client(r, 'alice');
    alice.attach(THREAD, new Y.Doc());
    await untilSaved(alice);
    const closed = nextEvent(alice, 'close');
    const writer = new Y.Doc();
    writer.getText('body').insert(0, 'last words');
    const published = r.sync.publish(THREAD, Y.encodeStateAsUpdate(writer));
    await r.sync.close();
    expect(await published).toBe(1);
    expect(await closed).toEqual([CLOSE.SERVER_SHUTDOWN.code, expect.any(String), true]);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await r.store.load(THREAD)).update);
    expect(stored.getText('body').toJSON()).toBe('last words');
  });

  it('[P9] pings every connection and cuts one that stayed silent for two heartbeats', async () => {
    let now = 0;
    const timers: { fn: () => void; ms: number }[] = [];
    const r = await relay({
      limits: { heartbeatMs: 30_000 },
      clock: { now: () => now },
      timers: { setTimeout: (fn, ms) => timers.push({ fn, ms }), clearTimeout: () => {} },
    });
    const alice = client(r, 'alice');
    alice.attach(THREAD, new Y.Doc());
    await untilSaved(alice);
    const heartbeat = () =>
      timers
        .filter((t) => t.ms === 30_000)
        .at(-1)!
        .fn();

    now = 30_000;
    heartbeat();
    expect(r.sync.stats.connections).toBe(1);
    const closed = nextEvent(alice, 'close');
    now = 90_001;
    heartbeat();
    expect((await closed)[2]).toBe(true);
    await untilSaved(alice);
  });

  it('[P7] drops a slow consumer with the slow-consumer code; the client reconnects and resyncs', async () => {
    const r = await relay({
      limits: { maxBufferedBytes: 256 * 1024, pauseReadingAboveBytes: 128 * 1024 },
      policy: { maxDocBytes: 512 * 1024 * 1024, compactAfterCount: 1_000_000, compactMinLogBytes: 1 << 30 },
    });
    // The ws package, so the test can stop reading from the client's TCP socket.
    const { default: WS } = await import('ws');
    const sockets: InstanceType<typeof WS>[] = [];
    class RecordingWS extends WS {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    }
    const bob = client(r, 'bob', { WebSocket: RecordingWS as unknown as WebSocketConstructor });
    const doc = new Y.Doc();
    bob.attach(THREAD, doc);
    await untilSaved(bob);
    const tcp = (sockets[0] as unknown as { _socket: import('node:net').Socket })._socket;
    tcp.pause();

    const closed = nextEvent(bob, 'close');
    const writer = new Y.Doc();
    let published = 0;
    while (r.sync.stats.slowConsumerDrops === 0 && published < 400) {
      writer.getText('body').insert(0, 'p'.repeat(256 * 1024));
      // Each publish is stored and fanned out before the next: the paused reader's buffer grows.
      await r.sync.publish(
        THREAD,
        Y.encodeStateAsUpdate(writer, Y.encodeStateVectorFromUpdate((await r.store.load(THREAD)).update)),
      );
      published++;
    }
    expect(r.sync.stats.slowConsumerDrops).toBe(1);
    tcp.resume();
    expect(await closed).toEqual([CLOSE.SLOW_CONSUMER.code, expect.any(String), true]);
    await untilSaved(bob);
    expect(sockets.length).toBe(2);
    expect(doc.getText('body').length).toBe(published * 256 * 1024);
    expect(bob.seqOf(THREAD)).toBe(published);
  });
});

async function rawUpgradeStatus(port: number, path: string): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      ),
    );
    socket.once('data', (data) => {
      resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data.toString())?.[1]));
      socket.destroy();
    });
    socket.once('error', reject);
  });
}
