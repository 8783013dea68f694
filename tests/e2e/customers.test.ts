// [issue 5] The customer card from a thread: grade and pipeline stage changed, a task due now
// shows in the Due view with its count, and the timeline shows the stage change (model SPEC
// [CU7], [TK2]); the changes are on the relay, and the customer index row follows (SPEC [CU3]).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addCustomerThread,
  BRIDGE_ACTOR,
  counterIds,
  customerId,
  customerIndexRows,
  customerView,
  docName,
  HOT_BUCKET,
  linkCustomer,
  mailboxId,
  putWorkspaceRow,
  repairCustomerRow,
  setCustomerFields,
  threadId,
  userId,
} from '@wharf/model';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startRelay, type TestRelay, type TestUser } from '../helpers/relay.ts';
import { createSeeder, syncedDoc, whenSaved } from './support/seed.ts';

let relay: TestRelay;
let browser: TestBrowser;
let token: string;
let user: TestUser;
let page: Page;
const ACME = customerId('d-acme-valves.example');

beforeAll(async () => {
  await ensureWebBuild();
  relay = await startRelay({ webRoot: WEB_BUILD_DIR });
  token = await relay.serviceToken();
  user = await relay.member({ name: 'Zhou Min', mailboxes: ['sales'] });
  const deps = { now: () => Date.now(), newId: counterIds('seed') };
  await using seeder = createSeeder(relay.wsUrl, token, deps);
  await seeder.mailbox('sales', 'sales@ningbo.example', 'Sales');
  await seeder.thread(
    'sales',
    'rfq-1',
    'RFQ: 500 ball valves DN50',
    { name: 'Hans Meier', address: 'hans@acme-valves.example' },
    'Please quote 500 ball valves DN50, stainless.',
  );
  // Three hours unanswered against a one-hour first-reply target: marked overdue in the list.
  await using earlier = createSeeder(relay.wsUrl, token, {
    now: () => Date.now() - 3 * 3_600_000,
    newId: counterIds('earlier'),
  });
  await earlier.thread(
    'sales',
    'late-1',
    'Quotation for 20 pumps',
    { name: 'Li Wei', address: 'li.wei@163.com' },
    'Still waiting for your quotation.',
  );
  const allDay = [{ start: '00:00', end: '24:00' }];
  putWorkspaceRow(
    await syncedDoc(earlier.client, 'workspace'),
    'slaPolicies',
    {
      id: 'first-reply',
      name: 'First reply within an hour',
      mailboxIds: [],
      firstReplyMinutes: 60,
      dueSoonMinutes: 15,
      workingHours: {
        timeZone: 'UTC',
        week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      },
    },
    { deps, actor: BRIDGE_ACTOR },
  );
  await whenSaved(earlier.client);
  // What the bridge's routing does for a new sender: the customer, its timeline entry, its index
  // row, and the thread's link to it.
  await using linker = createSeeder(relay.wsUrl, token, deps);
  const { client } = linker;
  const ctx = { deps, actor: BRIDGE_ACTOR };
  const customer = await syncedDoc(client, docName({ kind: 'customer', customerId: ACME }));
  const index = await syncedDoc(client, 'customers');
  const thread = await syncedDoc(
    client,
    docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: threadId('rfq-1') }),
  );
  const hot = await syncedDoc(
    client,
    docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: HOT_BUCKET }),
  );
  setCustomerFields(
    customer,
    {
      id: ACME,
      name: 'Acme Valves',
      company: 'Acme Valves',
      country: '',
      website: 'acme-valves.example',
      domains: ['acme-valves.example'],
      grade: null,
      stage: 'inquiry',
      ownerId: userId(user.id),
    },
    ctx,
  );
  addCustomerThread(
    customer,
    {
      mailboxId: mailboxId('sales'),
      threadId: threadId('rfq-1'),
      subject: 'RFQ: 500 ball valves DN50',
      at: Date.now(),
    },
    ctx,
  );
  repairCustomerRow(customer, index, ctx.actor);
  linkCustomer(thread, ACME, { ...ctx, index: () => hot });
  await whenSaved(client);

  browser = await launchBrowser();
  const context = await browser.newContext();
  await context.addCookies([{ name: 'wharf_session', value: user.session, url: relay.url }]);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await relay?.dispose();
});

describe('customer card', () => {
  it('[CU7] opens from a thread; grade, stage and a task due now reach the Due view and the timeline', async () => {
    await page.goto(`${relay.url}/thread/sales/rfq-1`);
    await page.getByTestId('thread-customer').getByText('Acme Valves').waitFor();
    await page.getByTestId('thread-customer').click();
    await page.waitForURL('**/customers/card?id=d-acme-valves.example&thread=*');
    await page.getByTestId('customer-name').getByText('Acme Valves').waitFor();
    expect(await page.getByTestId('view-due').locator('.count').textContent()).toBe('0');

    await page.getByTestId('customer-grade').selectOption('A');
    await page.getByTestId('customer-stage').selectOption('samples');
    await page.getByTestId('task-title').fill('Send two samples by DHL');
    await page.getByTestId('task-add').click();
    await page.getByTestId('customer-task').getByText('Send two samples by DHL').waitFor();

    // Due now: counted in the sidebar and listed in the Due view.
    await expect.poll(() => page.getByTestId('view-due').locator('.count').textContent()).toBe('1');
    const stageChange = page.locator('[data-testid="timeline-item"][data-kind="stage-changed"]');
    await stageChange.waitFor();
    expect(await stageChange.textContent()).toContain('Inquiry → Samples');
    expect(await page.locator('[data-testid="timeline-item"][data-kind="task"]').count()).toBe(1);

    await page.getByTestId('view-due').click();
    await page.waitForURL('**/customers/due');
    const item = page.getByTestId('due-item');
    await item.getByText('Send two samples by DHL').waitFor();
    expect(await item.getByText('Acme Valves').count()).toBe(1);

    // What the relay holds: the customer doc and its index row.
    const check = createSeeder(relay.wsUrl, token, { now: () => Date.now(), newId: counterIds('check') });
    try {
      const customer = await syncedDoc(check.client, docName({ kind: 'customer', customerId: ACME }));
      const index = await syncedDoc(check.client, 'customers');
      await expect.poll(() => customerView(customer).profile.stage).toBe('samples');
      expect(customerView(customer).profile.grade).toBe('A');
      const task = customerView(customer).tasks[0];
      expect(task).toMatchObject({
        title: 'Send two samples by DHL',
        assignee: user.id,
        done: false,
        thread: { mailboxId: 'sales', threadId: 'rfq-1' },
      });
      await expect.poll(() => customerIndexRows(index).get(ACME)?.openTasks.length).toBe(1);
      expect(customerIndexRows(index).get(ACME)).toMatchObject({ grade: 'A', stage: 'samples' });
    } finally {
      await check[Symbol.asyncDispose]();
    }

    // Done from the Due view: it leaves the view and the count.
    await item.getByTestId('due-done').click();
    await page.getByTestId('due-empty').waitFor();
    await expect.poll(() => page.getByTestId('view-due').locator('.count').textContent()).toBe('0');
  });

  it('[SL4] threads past their first-reply target are marked overdue in the list', async () => {
    await page.goto(`${relay.url}/inbox/all`);
    await page.getByTestId('sla-overdue').first().waitFor();
    const late = page.locator('[data-testid="thread-row"][data-thread-id="late-1"]');
    const fresh = page.locator('[data-testid="thread-row"][data-thread-id="rfq-1"]');
    expect(await late.getByTestId('sla-overdue').count()).toBe(1);
    expect(await fresh.getByTestId('sla-overdue').count()).toBe(0);
  });

  it('[CU3] the customer list finds the customer by contact, tag or name', async () => {
    await page.getByTestId('customers-link').click();
    await page.waitForURL('**/customers');
    await page.getByTestId('customer-row').first().waitFor();
    await page.getByTestId('customer-search').fill('acme');
    await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('1');
    await page.getByTestId('customer-search').fill('nobody-here');
    await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('0');
  });

  it('[TK1] a task added on the thread page is about that thread, listed there and due for me', async () => {
    await page.goto(`${relay.url}/thread/sales/rfq-1`);
    await page.getByTestId('thread-customer').waitFor();
    await page.getByTestId('thread-task-title').fill('Call Hans about the DN50 price');
    await page.getByTestId('thread-task-title').press('Enter');
    await page.getByTestId('thread-task').getByText('Call Hans about the DN50 price').waitFor();
    await expect.poll(() => page.getByTestId('view-due').locator('.count').textContent()).toBe('1');
    // Done from the thread page: gone from the thread and from Due.
    await page.getByTestId('thread-task').getByRole('checkbox').click();
    await expect.poll(() => page.getByTestId('thread-task').count()).toBe(0);
    await expect.poll(() => page.getByTestId('view-due').locator('.count').textContent()).toBe('0');
  });

  it('a manager edits the pipeline stages in the workspace; the card offers them', async () => {
    const admin = await relay.admin();
    const context = await browser.newContext();
    await context.addCookies([{ name: 'wharf_session', value: admin.session, url: relay.url }]);
    const adminPage = await context.newPage();
    await adminPage.goto(`${relay.url}/customers`);
    await adminPage.getByTestId('pipeline-edit').click();
    const text = adminPage.getByTestId('pipeline-text');
    await text.fill(`${await text.inputValue()}\ntrial: Trial order / 试单`);
    await text.press('Tab');
    await adminPage.getByRole('button', { name: 'Save' }).click();
    await adminPage.getByTestId('pipeline-edit').waitFor();

    // The member may not edit the pipeline, but their card offers the new stage.
    await page.goto(`${relay.url}/customers`);
    await page.getByTestId('customer-row').first().waitFor();
    expect(await page.getByTestId('pipeline-edit').count()).toBe(0);
    await page.goto(`${relay.url}/customers/card?id=d-acme-valves.example`);
    await page.getByTestId('customer-name').waitFor();
    await expect
      .poll(() => page.getByTestId('customer-stage').locator('option').allTextContents())
      .toContain('Trial order');
  });
});
