// [issue 4] The offline cache in a real browser's IndexedDB: many docs share one database, a
// doc's update log is merged as it grows (never losing an update, also when appends race a
// merge), and the unsent-changes flag and relay seq persist.
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
  load(doc: string): Promise<{ update: Uint8Array | undefined; seq: number; dirty: boolean }>;
  append(doc: string, update: Uint8Array, options: { local: boolean }): Promise<void>;
  setSeq(doc: string, seq: number): Promise<void>;
  markAllClean(): Promise<void>;
  docNames(): Promise<string[]>;
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
      for (let i = 0; i < 250; i += 1) source.getMap('rows').set(`k${i}`, i);
      // Half sequential, half all at once (merges start while appends are in flight).
      for (const u of updates.slice(0, 125)) await store.append('thread/a/t1', u, { local: false });
      await Promise.all(updates.slice(125).map((u) => store.append('thread/a/t1', u, { local: false })));
      store.close();

      const reopened = await openLocalDocStore('wharf:u1');
      const loaded = await reopened.load('thread/a/t1');
      const doc = new Y.Doc();
      if (loaded.update) Y.applyUpdate(doc, loaded.update);
      const raw = await new Promise<number>((resolve) => {
        const open = indexedDB.open('wharf:u1');
        open.onsuccess = () => {
          const count = open.result.transaction('updates').objectStore('updates').count();
          count.onsuccess = () => {
            resolve(count.result);
            open.result.close();
          };
        };
      });
      reopened.close();
      return {
        keys: doc.getMap('rows').size,
        sum: [...doc.getMap('rows').values()].reduce((a: number, b) => a + (b as number), 0),
        raw,
      };
    });
    expect(result).toEqual({ keys: 250, sum: (249 * 250) / 2, raw: 1 });
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
});
