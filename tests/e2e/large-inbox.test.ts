// [issue 4] A 50,000-thread inbox (10 mailboxes × 5,000 rows: buckets stay under the relay's
// per-doc cap) opens, scrolls with a handful of rows in the DOM, and opens again from the
// IndexedDB cache. Keyboard navigation moves through it. No timing assertions: speed is bench/'s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startRelay, type TestRelay } from '../helpers/relay.ts';
import { ROWS_PER_MAILBOX, seedIndexRows } from './support/index-rows.ts';

const MAILBOXES = 10;
let relay: TestRelay;
let browser: TestBrowser;

beforeAll(async () => {
  await ensureWebBuild();
  relay = await startRelay({ webRoot: WEB_BUILD_DIR });
  const mailboxes = Array.from({ length: MAILBOXES }, (_, m) => `box${m}`);
  await seedIndexRows(relay.wsUrl, await relay.serviceToken(), mailboxes);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await relay?.dispose();
});

describe('a 50,000-thread inbox', () => {
  it('opens, scrolls virtualised, navigates by keyboard, and reopens from the local cache', async () => {
    const mailboxes = Array.from({ length: MAILBOXES }, (_, m) => `box${m}`);
    const user = await relay.member({ name: 'Zhang Wei', mailboxes });
    const context = await browser.newContext();
    await context.addCookies([{ name: 'wharf_session', value: user.session, url: relay.url }]);
    const page = await context.newPage();
    await page.goto(`${relay.url}/inbox/all`);
    await expect.poll(() => page.getByTestId('row-count').textContent(), { timeout: 120_000 }).toBe('50000');
    expect(await page.getByTestId('thread-row').count()).toBeLessThan(100);
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();

    // The newest first; the oldest rows are rendered once scrolled to the end.
    await page.getByTestId('thread-row').first().getByText('#box0-0').waitFor();
    await page.getByTestId('thread-list').evaluate((list) => (list.scrollTop = list.scrollHeight));
    await page
      .getByTestId('thread-row')
      .filter({ hasText: `#box9-${ROWS_PER_MAILBOX - 1}` })
      .waitFor();
    expect(await page.getByTestId('thread-row').count()).toBeLessThan(100);

    await page.getByTestId('thread-list').evaluate((list) => (list.scrollTop = 0));
    await page.getByTestId('thread-row').first().getByText('#box0-0').waitFor();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.locator('[data-testid="thread-row"].active').getByText('#box2-0').waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    // Open the selected thread, step to the next one with j, and go back to the list.
    await page.keyboard.press('Enter');
    await page.waitForURL('**/thread/box2/box2-t0');
    await page.keyboard.press('j');
    await page.waitForURL('**/thread/box3/box3-t0');
    await page.getByRole('link', { name: /Back to the list/ }).click();
    await page.waitForURL('**/inbox/all');
    await page.getByTestId('thread-row').first().waitFor();
    // The search box (issue 6) answers over all 50,000 threads: this relay has no bridge, so the
    // offline index (lunr in the search worker) does, and the box says so.
    await page.keyboard.press('/');
    await page.keyboard.type('box7-123');
    await page.getByTestId('search-offline').waitFor();
    await expect.poll(() => page.getByTestId('search-hit').count(), { timeout: 60_000 }).toBe(11);

    // From IndexedDB, without the network.
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByTestId('row-count').textContent(), { timeout: 120_000 }).toBe('50000');
    await page.locator('[data-testid="sync-status"][data-status="offline"]').waitFor();
  });
});
