// [issue 4] Two people in two browser profiles on a real relay: assignment, @mentions,
// presence and replying, and an offline edit merged with a concurrent one, with a saved state
// that is only shown once the relay holds the change.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterIds } from '@wharf/model';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startRelay, type TestRelay, type TestUser } from '../helpers/relay.ts';
import { createSeeder, threadOnRelay, type Seeder } from './support/seed.ts';

let relay: TestRelay;
let browser: TestBrowser;
let seeder: Seeder;
let token: string;
let alice: TestUser;
let bob: TestUser;
let contextA: BrowserContext;
let a: Page;
let b: Page;

async function signedIn(user: TestUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'wharf_session', value: user.session, url: relay.url }]);
  const page = await context.newPage();
  await page.goto(`${relay.url}/inbox/all`);
  return { context, page };
}

const saved = (page: Page) => page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();

beforeAll(async () => {
  await ensureWebBuild();
  relay = await startRelay({ webRoot: WEB_BUILD_DIR });
  alice = await relay.member({ name: 'Alice', mailboxes: ['sales'] });
  bob = await relay.member({ name: 'Bob', mailboxes: ['sales'] });
  token = await relay.serviceToken();
  seeder = createSeeder(relay.wsUrl, token, { now: () => Date.now(), newId: counterIds('seed') });
  await seeder.mailbox('sales', 'sales@ningbo.example', 'Sales');
  await seeder.thread(
    'sales',
    'rfq-1',
    'RFQ: 2,000 pcs stainless steel bottles',
    { name: 'Maria Lopez', address: 'maria@importadora.example' },
    'Could you quote FOB Ningbo for 2,000 pcs?',
  );
  browser = await launchBrowser();
  ({ context: contextA, page: a } = await signedIn(alice));
  ({ page: b } = await signedIn(bob));
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await seeder?.[Symbol.asyncDispose]();
  await relay?.dispose();
});

async function openThread(page: Page) {
  await page.getByTestId('thread-row').filter({ hasText: 'stainless steel bottles' }).click();
  await page.getByTestId('thread-subject').waitFor();
}

describe('two people on one thread', () => {
  it('both see the thread, and each sees the other viewing it', async () => {
    await a.getByTestId('thread-row').first().waitFor();
    await b.getByTestId('thread-row').first().waitFor();
    await openThread(a);
    await openThread(b);
    await a.getByTestId('presence').getByText('Bob viewing').waitFor();
    await b.getByTestId('presence').getByText('Alice viewing').waitFor();
  });

  it('A assigns to herself → B sees it', async () => {
    await a.getByTestId('assign-me').click();
    await expect.poll(() => b.getByTestId('assignee-select').inputValue()).toBe(alice.id);
    await saved(a);
  });

  it('B comments "@Alice" with autocomplete → A gets the notification', async () => {
    const input = b.getByTestId('comment-input');
    await input.click();
    await input.pressSequentially('@Al');
    await b.getByTestId('mention-suggestions').getByText('Alice').waitFor();
    await input.press('Enter');
    await input.pressSequentially('can you quote this one?');
    await b.getByRole('button', { name: 'Comment' }).click();
    await a.getByTestId('comment').getByText('@Alice can you quote this one?').waitFor();
    await expect.poll(() => a.getByTestId('notification-count').textContent()).toBe('1');
    await a.getByTestId('notifications-link').click();
    await a.getByTestId('notification').getByText('@Alice can you quote this one?').waitFor();
    await a.getByTestId('notification').click();
    await a.getByTestId('thread-subject').waitFor();
  });

  it('B starts a reply → A sees "Bob replying", and A\'s composer warns', async () => {
    await b.getByTestId('reply').click();
    await b.getByTestId('composer-body').pressSequentially('Dear Maria, ');
    await a.getByTestId('presence').getByText('Bob replying').waitFor();
    await a.getByTestId('reply').click();
    await a.getByTestId('composer-warning').getByText('Bob replying').waitFor();
  });

  it('A offline assigns to Bob and comments, B tags concurrently; after reconnect both converge and saved is truthful', async () => {
    await saved(a);
    await contextA.setOffline(true);
    await a.locator('[data-testid="sync-status"][data-status="offline"]').waitFor();

    await a.getByTestId('assignee-select').selectOption({ label: 'Bob' });
    const comment = a.getByTestId('comment-input');
    await comment.click();
    await comment.pressSequentially('Offline: Bob takes it, he knows this buyer.');
    await a.getByRole('button', { name: 'Comment' }).click();
    await a.getByTestId('comment').getByText('Offline: Bob takes it').waitFor();
    // Offline, nothing claims to be saved.
    expect(await a.getByTestId('sync-status').getAttribute('data-status')).toBe('offline');
    await a.getByTestId('sync-status').getByText('not yet saved').waitFor();

    await b.getByPlaceholder('Add a tag').fill('vip');
    await b.getByPlaceholder('Add a tag').press('Enter');
    await b.getByRole('button', { name: '#vip ✕' }).waitFor();
    await saved(b);
    expect((await threadOnRelay(relay.wsUrl, token, 'sales', 'rfq-1'))?.assignee).toBe(alice.id);

    await contextA.setOffline(false);
    await saved(a);
    // "Saved" means the relay has it: a fresh connection reads A's offline changes.
    const stored = await threadOnRelay(relay.wsUrl, token, 'sales', 'rfq-1');
    expect(stored?.assignee).toBe(bob.id);
    expect(stored?.tags).toEqual(['vip']);
    expect(stored?.comments.map((c) => c.body)).toEqual([
      '@Alice can you quote this one?',
      'Offline: Bob takes it, he knows this buyer.',
    ]);

    await a.getByRole('button', { name: '#vip ✕' }).waitFor();
    await b.getByTestId('comment').getByText('Offline: Bob takes it').waitFor();
    await expect.poll(() => b.getByTestId('assignee-select').inputValue()).toBe(bob.id);

    // The inbox rows (index docs) converge too.
    for (const page of [a, b]) {
      await page.getByTestId('view-all').click();
      const row = page.getByTestId('thread-row').filter({ hasText: 'stainless steel bottles' });
      await row.getByTestId('row-assignee').getByText('Bob').waitFor();
      await row.getByText('#vip').waitFor();
    }
  });
});
