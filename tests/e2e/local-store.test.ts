// [issue 4] The offline cache in a real browser's IndexedDB: many docs share one database, a
// doc's update log is merged as it grows (never losing an update, also when appends race a
// merge), the unsent-changes flag and relay seq persist, and a snapshot is handed back only
// while the logs it was computed from are unchanged.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Yjs from 'yjs';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { serveDirectory, type TestServer } from './support/http.ts';

const HARNESS = fileURLToPath(new URL('./harness', import.meta.url));

// The shape of apps/web's LocalDocStore (the tests project does not compile app sources).
interface LocalDocStore {
  load(doc: string): Promise<{ updates: Uint8Array[]; seq: number; dirty: boolean }>;
  compactLoaded(doc: string, merged: Uint8Array): Promise<void>;
  append(doc: string, update: Uint8Array, options: { local: boolean }): Promise<void>;
  setSeq(doc: string, seq: number): Promise<void>;
  markAllClean(): Promise<void>;
  docNames(): Promise<string[]>;
  putSnapshot(key: string, value: unknown, docs: readonly string[]): Promise<boolean>;
  getSnapshot<T>(key: string, docs: readonly string[]): Promise<T | undefined>;
  close(): void;
}

declare global {
  interface Window {
    harness: { Y: typeof Yjs; openLocalDocStore: (name: string) => Promise<LocalDocStore> };
  }
}

let outDir: string;
let site: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'wharf-store-harness-'));
  await build({
    configFile: false,
    root: HARNESS,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      rolldownOptions: { input: join(HARNESS, 'store.html') },
    },
  });
  site = await serveDirectory(outDir);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  await page.goto(`${site.origin}/store.html`);
  await page.waitForFunction(() => window.harnessReady === true);
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await site?.[Symbol.asyncDispose]();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('local doc store (IndexedDB)', () => {
  it('keeps every update of a long log, merged, with appends racing the merges', async () => {
    const result = await page.evaluate(async () => {
      const { Y, openLocalDocStore } = window.harness;
      const store = await openLocalDocStore('wharf:u1');
      const source = new Y.Doc();
      const updates: Uint8Array[] = [];
      source.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 252; i += 1) source.getMap('rows').set(`k${i}`, i);
      // Half sequential, half all at once (merges start while appends are in flight).
      for (const u of updates.slice(0, 125)) await store.append('thread/a/t1', u, { local: false });
      await Promise.all(updates.slice(125, 250).map((u) => store.append('thread/a/t1', u, { local: false })));
      store.close();

      const entries = () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('wharf:u1');
          open.onsuccess = () => {
            const count = open.result.transaction('updates').objectStore('updates').count();
            count.onsuccess = () => {
              resolve(count.result);
              open.result.close();
            };
          };
        });
      // The app's way: apply the loaded log once, hand the state back as the merged log.
      const reopened = await openLocalDocStore('wharf:u1');
      for (const u of updates.slice(250)) await reopened.append('thread/a/t1', u, { local: false });
      const loaded = await reopened.load('thread/a/t1');
      const doc = new Y.Doc();
      for (const update of loaded.updates) Y.applyUpdate(doc, update);
      const before = await entries();
      await reopened.append('thread/a/t1', Y.encodeStateAsUpdate(new Y.Doc()), { local: false });
      await reopened.compactLoaded('thread/a/t1', Y.encodeStateAsUpdate(doc));
      const after = await entries();
      reopened.close();
      const again = await openLocalDocStore('wharf:u1');
      const check = new Y.Doc();
      for (const update of (await again.load('thread/a/t1')).updates) Y.applyUpdate(check, update);
      again.close();
      return {
        keys: check.getMap('rows').size,
        sum: [...check.getMap('rows').values()].reduce((a: number, b) => a + (b as number), 0),
        logged: before > 1,
        // the merged state plus the entry appended after the load
        after,
      };
    });
    expect(result).toEqual({ keys: 252, sum: (251 * 252) / 2, logged: true, after: 2 });
  });

  it('stores many docs in one database, with their seq and unsent flag', async () => {
    const result = await page.evaluate(async () => {
      const { Y, openLocalDocStore } = window.harness;
      const store = await openLocalDocStore('wharf:u2');
      for (let i = 0; i < 50; i += 1) {
        const doc = new Y.Doc();
        doc.getMap('meta').set('n', i);
        await store.append(`thread/a/t${i}`, Y.encodeStateAsUpdate(doc), { local: i % 2 === 0 });
        await store.setSeq(`thread/a/t${i}`, i + 1);
      }
      const before = await store.load('thread/a/t4');
      const odd = await store.load('thread/a/t5');
      await store.markAllClean();
      const after = await store.load('thread/a/t4');
      const names = (await store.docNames()).length;
      store.close();
      const databases = (await indexedDB.databases()).map((d) => d.name).sort();
      return {
        before: [before.seq, before.dirty],
        odd: [odd.seq, odd.dirty],
        after: [after.seq, after.dirty],
        names,
        databases,
      };
    });
    expect(result).toEqual({
      before: [5, true],
      odd: [6, false],
      after: [5, false],
      names: 50,
      databases: ['wharf:u1', 'wharf:u2'],
    });
  });

  it('hands a snapshot back only while the logs it was computed from are unchanged', async () => {
    const result = await page.evaluate(async () => {
      const { Y, openLocalDocStore } = window.harness;
      const update = (n: number) => {
        const doc = new Y.Doc();
        doc.getMap('rows').set(`k${n}`, n);
        return Y.encodeStateAsUpdate(doc);
      };
      const store = await openLocalDocStore('wharf:u3');
      const docs = ['index/a/hot', 'index/b/hot', 'user/u3'];
      for (const doc of docs) await store.load(doc);
      await store.append('index/a/hot', update(1), { local: false });
      // Appends not yet committed when the snapshot is asked for are part of what it was taken from.
      const writing = store.append('index/b/hot', update(2), { local: false });
      const stored = await store.putSnapshot('first', { rows: 2 }, docs);
      await writing;
      const fresh = await store.getSnapshot('first', docs);
      await store.append('index/a/hot', update(3), { local: true });
      const afterAppend = await store.getSnapshot('first', docs);
      const rewritten = await store.putSnapshot('first', { rows: 3 }, docs);
      const current = await store.getSnapshot('first', docs);
      const otherDocs = await store.getSnapshot('first', docs.slice(1));

      // Another tab appends to a log: this tab's view of it is behind, so it stores nothing.
      const otherTab = await openLocalDocStore('wharf:u3');
      await otherTab.load('index/b/hot');
      await otherTab.append('index/b/hot', update(4), { local: false });
      otherTab.close();
      const behind = await store.putSnapshot('first', { rows: 4 }, docs);
      const afterBehind = await store.getSnapshot('first', docs);
      store.close();
      return { stored, fresh, afterAppend, rewritten, current, otherDocs, behind, afterBehind };
    });
    expect(result).toEqual({
      stored: true,
      fresh: { rows: 2 },
      afterAppend: undefined,
      rewritten: true,
      current: { rows: 3 },
      otherDocs: undefined,
      behind: false,
      afterBehind: undefined,
    });
  });

  it("keeps both tabs' updates when two tabs of one user append to the same doc", async () => {
    const kept = await page.evaluate(async () => {
      const { Y, openLocalDocStore } = window.harness;
      const tabA = await openLocalDocStore('wharf:two-tabs');
      const tabB = await openLocalDocStore('wharf:two-tabs');
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 6; i += 1) doc.getMap('rows').set(`k${i}`, i);
      // Interleaved the way two open tabs write: each knows only its own next log key.
      for (const [i, u] of updates.entries())
        await (i % 2 === 0 ? tabA : tabB).append('thread/a/t1', u, { local: true });
      tabA.close();
      tabB.close();
      const reopened = await openLocalDocStore('wharf:two-tabs');
      const copy = new Y.Doc();
      for (const u of (await reopened.load('thread/a/t1')).updates) Y.applyUpdate(copy, u);
      reopened.close();
      return Object.keys(copy.getMap('rows').toJSON()).sort();
    });
    expect(kept).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
  });
});
