// The conformance suite every DocStore implementation runs (style: one suite per port).
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore } from './doc-store.ts';
import { DocTooLargeError } from './doc-store.ts';
import type { StoragePolicy } from './storage-policy.ts';
import { DEFAULT_STORAGE_POLICY } from './storage-policy.ts';

export type MakeDocStore = (policy: StoragePolicy) => DocStore | Promise<DocStore>;

/** A doc with a Y.Text 'body'; returns each change as a separate update, like an editor would. */
export function textEdits(texts: readonly string[], clientID = 1): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const text of texts) doc.getText('body').insert(doc.getText('body').length, text);
  return updates;
}

export function textOf(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('body').toJSON();
}

export function runDocStoreConformance(makeStore: MakeDocStore, name = 'DocStore'): void {
  describe(`DocStore conformance: ${name}`, () => {
    const open: DocStore[] = [];
    const make = async (policy: Partial<StoragePolicy> = {}) => {
      const store = await makeStore({ ...DEFAULT_STORAGE_POLICY, ...policy });
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    it('loads an unknown doc as empty with seq 0', async () => {
      const store = await make();
      const loaded = await store.load('thread/m/t');
      expect(loaded.seq).toBe(0);
      expect(textOf(loaded.update)).toBe('');
      expect(await store.stats('thread/m/t')).toEqual({ seq: 0, bytes: 0, count: 0 });
    });

    it('assigns consecutive seqs per doc and loads the merged content', async () => {
      const store = await make();
      const [a, b, c] = textEdits(['a', 'b', 'c']);
      expect((await store.append('d1', a!)).seq).toBe(1);
      expect((await store.append('d1', b!)).seq).toBe(2);
      expect((await store.append('d2', c!)).seq).toBe(1);
      const loaded = await store.load('d1');
      expect(loaded.seq).toBe(2);
      expect(textOf(loaded.update)).toBe('ab');
    });

    it('settles concurrent appends in call order with increasing seqs', async () => {
      const store = await make();
      const updates = textEdits(Array.from({ length: 20 }, (_, i) => String(i % 10)));
      const settled: number[] = [];
      await Promise.all(updates.map((u) => store.append('doc', u).then((r) => settled.push(r.seq))));
      expect(settled).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(textOf((await store.load('doc')).update)).toBe('01234567890123456789');
    });

    it('keeps content and seq through compaction', async () => {
      const store = await make();
      for (const u of textEdits(['x', 'y', 'z'])) await store.append('doc', u);
      await store.compact('doc');
      const stats = await store.stats('doc');
      expect(stats.seq).toBe(3);
      expect(stats.count).toBe(1);
      expect(textOf((await store.load('doc')).update)).toBe('xyz');
      expect((await store.append('doc', textEdits(['!'], 2)[0]!)).seq).toBe(4);
    });

    it('drops overwritten content when it compacts (an index row rewritten after every change)', async () => {
      const store = await make();
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      const value = (n: number) => `${n} `.padEnd(10_000, 'x');
      for (let n = 0; n < 50; n++) doc.getMap('rows').set('thread-1', value(n));
      for (const update of updates) await store.append('index', update);
      await store.compact('index');
      // one live value and 49 tombstones, not 50 values (500 KB)
      expect((await store.stats('index')).bytes).toBeLessThan(12_000);
      const loaded = new Y.Doc();
      Y.applyUpdate(loaded, (await store.load('index')).update);
      expect(loaded.getMap('rows').get('thread-1')).toBe(value(49));
      expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(doc));
    });

    it('compacts by itself once the log passes the count threshold', async () => {
      const store = await make({ compactAfterCount: 10 });
      for (const u of textEdits(Array.from({ length: 25 }, () => 'k'))) await store.append('doc', u);
      await store.settled();
      const stats = await store.stats('doc');
      expect(stats.seq).toBe(25);
      expect(stats.count).toBeLessThan(10);
      expect(textOf((await store.load('doc')).update)).toBe('k'.repeat(25));
    });

    it('keeps content, seqs and sizes right when compactions overlap with appends', async () => {
      const store = await make({ compactAfterCount: 4 });
      const updates = textEdits(Array.from({ length: 40 }, (_, i) => String.fromCharCode(97 + (i % 26))));
      const first = updates.slice(0, 20).map((u) => store.append('doc', u));
      await Promise.all(first);
      const second = updates.slice(20).map((u) => store.append('doc', u));
      expect((await Promise.all(second)).map((r) => r.seq)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 21),
      );
      await store.settled();
      const loaded = await store.load('doc');
      expect(loaded.seq).toBe(40);
      expect(textOf(loaded.update)).toBe(
        Array.from({ length: 40 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''),
      );
      const stats = await store.stats('doc');
      expect(stats.count).toBeLessThan(4);
      await store.compact('doc');
      expect(await store.stats('doc')).toEqual({
        seq: 40,
        count: 1,
        bytes: (await store.load('doc')).update.length,
      });
    });

    it('answers seqs for many docs at once, 0 for unknown ones', async () => {
      const store = await make();
      const [a, b] = textEdits(['a', 'b']);
      await store.append('one', a!);
      await store.append('one', b!);
      await store.append('two', a!);
      const seqs = await store.seqs(['one', 'two', 'three']);
      expect([...seqs]).toEqual([
        ['one', 2],
        ['two', 1],
        ['three', 0],
      ]);
    });

    it('refuses an update past the size cap with DocTooLargeError and keeps the doc unchanged', async () => {
      const store = await make({ maxDocBytes: 4096 });
      const [small, big] = textEdits(['hello', 'x'.repeat(5000)]);
      await store.append('doc', small!);
      await expect(store.append('doc', big!)).rejects.toBeInstanceOf(DocTooLargeError);
      expect((await store.stats('doc')).seq).toBe(1);
      expect(textOf((await store.load('doc')).update)).toBe('hello');
      expect((await store.append('doc', textEdits([' world'], 3)[0]!)).seq).toBe(2);
    });

    it('stores a copy: mutating the appended buffer later changes nothing', async () => {
      const store = await make();
      const update = textEdits(['abc'])[0]!;
      const pending = store.append('doc', update);
      update.fill(0);
      await pending;
      expect(textOf((await store.load('doc')).update)).toBe('abc');
    });

    it('lists the committed docs under a prefix, sorted', async () => {
      const store = await make();
      const [update] = textEdits(['x']);
      for (const doc of ['customer/b_1', 'customer/a', 'thread/s/t1', 'customers'])
        await store.append(doc, update!);
      await store.settled();
      expect(await store.names('customer/')).toEqual(['customer/a', 'customer/b_1']);
      expect(await store.names('nothing/')).toEqual([]);
    });

    it('waits for pending appends on close', async () => {
      const store = await makeStore(DEFAULT_STORAGE_POLICY);
      const pending = store.append('doc', textEdits(['a'])[0]!);
      await store.close();
      await expect(pending).resolves.toMatchObject({ seq: 1 });
    });
  });
}
