// A stock y-websocket WebsocketProvider syncs a doc through the relay's /y/<docName> endpoint,
// with the same auth and store as the Wharf protocol on /sync.
import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createSyncClient } from '@wharf/sync';
import { startSyncRelay } from '../helpers/relay-sync-harness.ts';
import { untilSaved, untilText, waitUntil } from '../helpers/relay-waits.ts';

const THREAD = 'thread/m1/t7';

describe('relay /y/<docName> (stock y-websocket)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  const provider = (wsUrl: string, doc: Y.Doc, token: string, room = THREAD) => {
    const p = new WebsocketProvider(`${wsUrl}/y`, room, doc, {
      params: { token },
      maxBackoffTime: 200,
      // Providers in one process would otherwise talk over BroadcastChannel, around the relay.
      disableBc: true,
    });
    cleanup.push(() => p.destroy());
    return p;
  };
  const untilProviderSynced = (p: WebsocketProvider) =>
    waitUntil(
      'provider synced',
      () => p.synced,
      (wake) => {
        p.on('sync', wake);
        return () => p.off('sync', wake);
      },
    );

  it('syncs both ways between a stock provider and a Wharf client', async () => {
    const relay = await startSyncRelay();
    cleanup.push(() => relay.close());
    const wharfDoc = new Y.Doc();
    wharfDoc.getText('body').insert(0, 'stored first');
    const client = createSyncClient({ url: `${relay.wsUrl}/sync`, token: 'alice' });
    cleanup.push(() => client.destroy());
    client.attach(THREAD, wharfDoc);
    await untilSaved(client);

    const stockDoc = new Y.Doc();
    const p = provider(relay.wsUrl, stockDoc, 'bob');
    await untilProviderSynced(p);
    expect(stockDoc.getText('body').toJSON()).toBe('stored first');

    stockDoc.getText('body').insert(0, 'stock says: ');
    await untilText(wharfDoc, 'body', 'stock says: stored first');
    wharfDoc.getText('body').insert(wharfDoc.getText('body').length, '!');
    await untilText(stockDoc, 'body', 'stock says: stored first!');

    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await relay.store.load(THREAD)).update);
    expect(stored.getText('body').toJSON()).toBe('stock says: stored first!');
  });

  it('syncs two stock providers, and relays their awareness per doc', async () => {
    const relay = await startSyncRelay();
    cleanup.push(() => relay.close());
    const a = new Y.Doc();
    const b = new Y.Doc();
    const pa = provider(relay.wsUrl, a, 'alice');
    const pb = provider(relay.wsUrl, b, 'bridge');
    await untilProviderSynced(pa);
    await untilProviderSynced(pb);
    a.getMap('meta').set('subject', 'RFQ: 2,000 pcs');
    await waitUntil(
      'b sees subject',
      () => b.getMap('meta').get('subject') === 'RFQ: 2,000 pcs',
      (w) => {
        b.on('update', w);
        return () => b.off('update', w);
      },
    );
    pa.awareness.setLocalStateField('user', 'alice');
    await waitUntil(
      'b sees alice',
      () => pb.awareness.getStates().get(a.clientID)?.['user'] === 'alice',
      (w) => {
        pb.awareness.on('change', w);
        return () => pb.awareness.off('change', w);
      },
    );
  });

  it('keeps a read-only principal from changing the stored doc', async () => {
    const relay = await startSyncRelay();
    cleanup.push(() => relay.close());
    const member = new Y.Doc();
    const p = provider(relay.wsUrl, member, 'alice', 'workspace');
    await untilProviderSynced(p);
    member.getMap('settings').set('name', 'hijacked');
    // The admin's later write arriving proves the member's earlier one was processed (same store order).
    const admin = new Y.Doc();
    const pAdmin = provider(relay.wsUrl, admin, 'admin', 'workspace');
    await untilProviderSynced(pAdmin);
    admin.getMap('settings').set('owner', 'admin');
    await waitUntil(
      'member sees admin write',
      () => member.getMap('settings').get('owner') === 'admin',
      (w) => {
        member.on('update', w);
        return () => member.off('update', w);
      },
    );
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await relay.store.load('workspace')).update);
    expect(stored.getMap('settings').toJSON()).toEqual({ owner: 'admin' });
  });

  it('refuses anonymous and ungranted connections at the upgrade', async () => {
    const relay = await startSyncRelay();
    cleanup.push(() => relay.close());
    const statusOf = (url: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.onerror = () => resolve(-1);
        ws.onopen = () => resolve(101);
      });
    expect(await statusOf(`${relay.wsUrl}/y/${THREAD}`)).toBe(-1);
    expect(await statusOf(`${relay.wsUrl}/y/${THREAD}?token=carol`)).toBe(-1);
    expect(await statusOf(`${relay.wsUrl}/y/${THREAD}?token=alice`)).toBe(101);
    expect(relay.sync.stats.connections).toBeLessThanOrEqual(1);
  });
});
