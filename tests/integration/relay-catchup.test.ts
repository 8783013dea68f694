// Catch-up: a client coming back with 1,000 cached docs learns in one round trip which changed,
// and the relay does sync work only for those (counted by the server, not timed).
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ServerMessage } from '@wharf/sync';
import { createSyncClient } from '@wharf/sync';
import { startSyncRelay } from '../helpers/relay-sync-harness.ts';
import { untilSaved } from '../helpers/relay-waits.ts';

const DOCS = 1000;
const names = Array.from({ length: DOCS }, (_, i) => `thread/m1/t${i}`);

function edit(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  doc.once('update', (u: Uint8Array) => (update = u));
  doc.getText('body').insert(doc.getText('body').length, text);
  return update;
}

describe('relay catch-up', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('[P4] reconnecting with 1,000 cached docs of which 3 changed syncs only the 3', async () => {
    const relay = await startSyncRelay();
    cleanup.push(() => relay.close());
    const writers = names.map(() => new Y.Doc());
    await Promise.all(names.map((name, i) => relay.sync.publish(name, edit(writers[i]!, `thread ${i}`))));

    // First session: everything is new to the client, so every doc is synced.
    const first = createSyncClient({ url: `${relay.wsUrl}/sync`, token: 'alice' });
    cleanup.push(() => first.destroy());
    const firstDocs = names.map((name) => {
      const doc = new Y.Doc();
      first.attach(name, doc);
      return doc;
    });
    await untilSaved(first);
    expect(relay.sync.stats.syncs).toBe(DOCS);
    const cache = names.map((name, i) => ({
      name,
      seq: first.seqOf(name)!,
      state: Y.encodeStateAsUpdate(firstDocs[i]!),
    }));
    first.destroy();

    // Meanwhile three threads change.
    const changed = [7, 500, 999];
    for (const i of changed) await relay.sync.publish(names[i]!, edit(writers[i]!, ' (replied)'));

    // Second session from the cache, as after a reload.
    const syncsBefore = relay.sync.stats.syncs;
    const catchUpBefore = relay.sync.stats.catchUpDocs;
    const second = createSyncClient({ url: `${relay.wsUrl}/sync`, token: 'alice', connect: false });
    cleanup.push(() => second.destroy());
    const received: ServerMessage['type'][] = [];
    second.on('message', (m) => received.push(m.type));
    const secondDocs = cache.map(({ name, seq, state }) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      second.attach(name, doc, { seq });
      return doc;
    });
    second.connect();
    await untilSaved(second);

    expect(relay.sync.stats.syncs - syncsBefore).toBe(changed.length);
    expect(relay.sync.stats.catchUpDocs - catchUpBefore).toBe(DOCS);
    expect(received.filter((t) => t === 'catch-up-result')).toHaveLength(1);
    expect(received.filter((t) => t === 'sync-step2')).toHaveLength(changed.length);
    for (const i of changed) {
      expect(secondDocs[i]!.getText('body').toJSON()).toBe(`thread ${i} (replied)`);
      expect(second.seqOf(names[i]!)).toBe(2);
    }
    expect(secondDocs[8]!.getText('body').toJSON()).toBe('thread 8');
    expect(second.seqOf(names[8]!)).toBe(1);
  });

  it('[P5] re-sends unacknowledged updates after a reconnect, and they are stored once acknowledged', async () => {
    const relay = await startSyncRelay();
    cleanup.push(() => relay.close());
    const client = createSyncClient({
      url: `${relay.wsUrl}/sync`,
      token: 'alice',
      backoff: { initialMs: 10, maxMs: 50 },
    });
    cleanup.push(() => client.destroy());
    const doc = new Y.Doc();
    client.attach(names[0]!, doc);
    await untilSaved(client);
    client.disconnect();
    doc.getText('body').insert(0, 'written offline');
    expect(client.status).toBe('offline');
    expect(client.pendingCount).toBe(1);
    client.connect();
    await untilSaved(client);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await relay.store.load(names[0]!)).update);
    expect(stored.getText('body').toJSON()).toBe('written offline');
  });
});
