// [issue 4] Triage from the keyboard in the list (a, #, e, s) with live counts, and a reply sent
// through the outbox from the composer (the bridge picks it up from the thread doc).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterIds } from '@wharf/model';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startRelay, type TestRelay, type TestUser } from '../helpers/relay.ts';
import { createSeeder, threadOnRelay } from './support/seed.ts';

let relay: TestRelay;
let browser: TestBrowser;
let token: string;
let user: TestUser;
let page: Page;

const count = (view: string) => page.getByTestId(`view-${view}`).locator('.count').textContent();

beforeAll(async () => {
  await ensureWebBuild();
  relay = await startRelay({ webRoot: WEB_BUILD_DIR });
  token = await relay.serviceToken();
  await using seeder = createSeeder(relay.wsUrl, token, { now: () => Date.now(), newId: counterIds('seed') });
  await seeder.mailbox('info', 'info@ningbo.example', 'Info');
  await seeder.thread(
    'info',
    'price-1',
    'Price negotiation: 5% discount for 3 containers?',
    { name: 'Ahmed', address: 'ahmed@gulf-trading.example' },
    'Can you give 5% off for 3x40HQ?',
  );
  await seeder.thread(
    'info',
    'terms-1',
    'Payment terms: T/T 30% deposit',
    { name: 'Olga', address: 'olga@import.example' },
    'We prefer 30% deposit, 70% against B/L copy.',
  );
  user = await relay.member({ name: 'Zhou Min', mailboxes: ['info'] });
  browser = await launchBrowser();
  const context = await browser.newContext();
  await context.addCookies([{ name: 'wharf_session', value: user.session, url: relay.url }]);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await relay?.dispose();
});

describe('triage', () => {
  it('assigns, tags and closes from the keyboard, with live view counts', async () => {
    await page.goto(`${relay.url}/inbox/unassigned`);
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('2');
    const first = (await page.getByTestId('thread-row').first().getAttribute('data-thread-id')) ?? '';

    await page.keyboard.press('a');
    await expect.poll(() => count('unassigned')).toBe('1');
    expect(await count('mine')).toBe('1');

    await page.getByTestId('view-all').click();
    await page.waitForURL('**/inbox/all');
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('2');
    await page.getByTestId('assignee-filter').selectOption({ label: 'Zhou Min' });
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('1');
    expect(await page.getByTestId('thread-row').getAttribute('data-thread-id')).toBe(first);
    await page.getByTestId('assignee-filter').selectOption({ label: 'Nobody' });
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('1');
    expect(await page.getByTestId('thread-row').getAttribute('data-thread-id')).not.toBe(first);
    await page.getByTestId('assignee-filter').selectOption({ index: 0 });

    await page.getByTestId('view-mine').click();
    await page.waitForURL('**/inbox/mine');
    await page.locator('[data-testid="thread-row"].active').waitFor();
    await page.keyboard.press('#');
    await page.getByLabel(/Add a tag/).fill('urgent');
    await page.getByLabel(/Add a tag/).press('Enter');
    await page.getByTestId('thread-row').first().getByText('#urgent').waitFor();

    await page.keyboard.press('e');
    await expect.poll(() => count('closed')).toBe('1');
    expect(await count('mine')).toBe('0');
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();
    const stored = await threadOnRelay(relay.wsUrl, token, 'info', first);
    expect(stored).toMatchObject({ assignee: user.id, status: 'closed', tags: ['urgent'] });

    await page.getByTestId('view-unassigned').click();
    await page.waitForURL('**/inbox/unassigned');
    await page.locator('[data-testid="thread-row"].active').waitFor();
    await page.keyboard.press('s');
    await expect.poll(() => count('snoozed')).toBe('1');
    expect(await count('unassigned')).toBe('0');
  });

  it('queues a reply in the outbox from the composer', async () => {
    await page.getByTestId('view-snoozed').click();
    await page.waitForURL('**/inbox/snoozed');
    const row = page.getByTestId('thread-row').first();
    const id = (await row.getAttribute('data-thread-id')) ?? '';
    const customer = { 'price-1': 'ahmed@gulf-trading.example', 'terms-1': 'olga@import.example' }[id];
    await row.click();
    await page.getByTestId('reply').click();
    await page.getByTestId('composer-body').fill('Dear Olga, 30/70 is fine for us. 好的。');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="outbox-entry"][data-status="queued"]').getByText('Queued').waitFor();
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();
    const stored = await threadOnRelay(relay.wsUrl, token, 'info', id);
    expect(stored?.outbox).toMatchObject([
      {
        to: [{ address: customer }],
        body: 'Dear Olga, 30/70 is fine for us. 好的。',
        status: 'queued',
      },
    ]);
    expect(stored?.outbox[0]?.messageIdHeader).toMatch(/@ningbo\.example>$/);
    expect(stored?.drafts).toEqual([]);

    // the thread's audit trail says who did what: the snooze from the list, the queued reply
    await page.getByTestId('activity-log').locator('summary').click();
    const entries = page.getByTestId('activity-entry');
    await entries.filter({ hasText: 'Snoozed until' }).filter({ hasText: 'Zhou Min' }).waitFor();
    await entries.filter({ hasText: 'Queued a reply' }).waitFor();
  });
});
