// [issue 4] Offline-first: the app shell comes from the service worker and the docs from
// IndexedDB, so a reload without network still shows the inbox and the thread; a comment written
// offline survives another reload and reaches the relay on reconnect, and "saved" waits for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterIds, userId } from '@wharf/model';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startRelay, type TestRelay } from '../helpers/relay.ts';
import { createSeeder, threadOnRelay } from './support/seed.ts';

let relay: TestRelay;
let browser: TestBrowser;
let token: string;

beforeAll(async () => {
  await ensureWebBuild();
  relay = await startRelay({ webRoot: WEB_BUILD_DIR });
  token = await relay.serviceToken();
  await using seeder = createSeeder(relay.wsUrl, token, { now: () => Date.now(), newId: counterIds('seed') });
  await seeder.mailbox('sales', 'sales@ningbo.example', 'Sales');
  await seeder.thread(
    'sales',
    'sample-1',
    '样品申请：硅胶厨具 / Sample request: silicone kitchenware',
    { name: '陈先生', address: 'chen@trade.example' },
    '请寄三套样品到深圳。',
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await relay?.dispose();
});

describe('offline', () => {
  it('reloads without network from the service worker and IndexedDB, and syncs an offline comment later', async () => {
    const user = await relay.member({ name: 'Li Lei', mailboxes: ['sales'] });
    const context = await browser.newContext();
    await context.addCookies([{ name: 'wharf_session', value: user.session, url: relay.url }]);
    const page = await context.newPage();
    await page.goto(`${relay.url}/inbox/all`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const row = page.getByTestId('thread-row').filter({ hasText: 'Sample request' });
    await row.click();
    await page.getByTestId('thread-subject').waitFor();
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('thread-subject').getByText('Sample request').waitFor();
    await page.locator('[data-testid="sync-status"][data-status="offline"]').waitFor();

    const comment = page.getByTestId('comment-input');
    await comment.click();
    await comment.pressSequentially('寄样地址已确认 / sample address confirmed');
    await page.getByRole('button', { name: 'Comment' }).click();
    await page.getByTestId('comment').getByText('sample address confirmed').waitFor();

    // A second offline reload: the comment comes back from IndexedDB, and nothing claims "saved".
    await page.reload();
    await page.getByTestId('comment').getByText('sample address confirmed').waitFor();
    expect(await page.getByTestId('sync-status').getAttribute('data-status')).toBe('offline');
    // The reloaded page still knows those changes await the relay.
    await page.getByTestId('sync-status').getByText('not yet saved').waitFor();
    await page.getByTestId('view-all').click();
    await page.getByTestId('thread-row').filter({ hasText: 'Sample request' }).waitFor();
    expect((await threadOnRelay(relay.wsUrl, token, 'sales', 'sample-1'))?.comments).toEqual([]);

    // One database for every cached doc (workspace, user, index buckets, threads), not one per doc,
    // beside the offline search index's saved segments.
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(databases.sort()).toEqual([`wharf-search:${user.id}`, `wharf:${user.id}`]);

    await context.setOffline(false);
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();
    const stored = await threadOnRelay(relay.wsUrl, token, 'sales', 'sample-1');
    expect(stored?.comments.map((c) => c.body)).toEqual(['寄样地址已确认 / sample address confirmed']);
  });

  it('keeps the threads assigned to a member in IndexedDB before they are ever opened', async () => {
    const user = await relay.member({ name: 'Wang Fang', mailboxes: ['sales'] });
    {
      await using seeder = createSeeder(relay.wsUrl, token, {
        now: () => Date.now(),
        newId: counterIds('own'),
      });
      await seeder.thread(
        'sales',
        'rfq-9',
        '不锈钢法兰询价 / RFQ: stainless flanges DN50',
        { name: 'Mr. Zhou', address: 'zhou@fittings.example' },
        '请报 DN50 法兰 2000 件 FOB 宁波价。',
        { assignee: userId(user.id) },
      );
    }
    const context = await browser.newContext();
    await context.addCookies([{ name: 'wharf_session', value: user.session, url: relay.url }]);
    const page = await context.newPage();
    await page.goto(`${relay.url}/inbox/mine`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.getByTestId('thread-row').filter({ hasText: 'stainless flanges' }).waitFor();

    // Never opened: the thread doc still reaches the offline cache, in the background.
    const cachedEntries = () =>
      page.evaluate(async (name) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error ?? new Error('open failed'));
        });
        const doc = 'thread/sales/rfq-9';
        const range = IDBKeyRange.bound([doc, 0], [doc, Number.MAX_SAFE_INTEGER]);
        const count = await new Promise<number>((resolve, reject) => {
          const request = db.transaction('updates').objectStore('updates').count(range);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('count failed'));
        });
        db.close();
        return count;
      }, `wharf:${user.id}`);
    await expect.poll(cachedEntries).toBeGreaterThan(0);

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('thread-row').filter({ hasText: 'stainless flanges' }).click();
    await page.getByTestId('thread-subject').getByText('stainless flanges').waitFor();
    await page.getByText('Mr. Zhou').first().waitFor();
  });
});
