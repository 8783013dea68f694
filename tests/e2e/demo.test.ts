// [issue 4] The demo workspace shows what Wharf does without a mailbox: loaded in the browser
// against a real relay, its inquiries are routed (rules, owners), its customers have cards with
// timelines, something is due for the visitor, old unanswered mail is overdue, and the rules page
// lists the demo's rules; threads say why they were routed and hold a reply for approval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebApp, type ServedWeb } from '../helpers/served-web.ts';
import { createWorkspace, type Person } from './support/workspace.ts';

const WANG: Person = { name: 'Wang Fang', email: 'wang@ningbo.example', password: 'correct horse 1' };

let web: ServedWeb;

beforeAll(async () => {
  web = await serveWebApp();
});

afterAll(async () => {
  await web?.[Symbol.asyncDispose]();
});

describe('demo workspace', () => {
  it('loads customers, a timeline, due work, overdue threads and routing rules', async () => {
    const page = await (await web.browser.newContext()).newPage();
    await createWorkspace(page, web.relay.url, 'Ningbo Valve Export Co.', WANG);
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();

    await page.getByRole('button', { name: 'Load a demo workspace' }).click();
    // Unassigned keeps what no owner or rule took: the Russian payment terms, the bank's L/C.
    await page.getByTestId('thread-row').filter({ hasText: 'Условия оплаты' }).waitFor();
    await page.getByTestId('thread-row').filter({ hasText: 'L/C at sight' }).waitFor();
    expect(await page.getByTestId('thread-row').filter({ hasText: 'Kugelhähne' }).count()).toBe(0);
    await page.getByTestId('sla-overdue').first().waitFor();
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();

    await page.getByTestId('customers-link').click();
    await page.waitForURL('**/customers');
    for (const company of ['Gulf Pipes Trading LLC', 'Armaturen Becker GmbH', '深圳流体设备有限公司'])
      await page.getByTestId('customer-row').filter({ hasText: company }).waitFor();

    await page.getByTestId('customer-row').filter({ hasText: 'Gulf Pipes Trading LLC' }).click();
    await page.waitForURL('**/customers/card?id=*');
    await page.getByTestId('customer-name').getByText('Gulf Pipes Trading LLC').waitFor();
    await page.getByTestId('timeline-item').filter({ hasText: '5% discount' }).waitFor();
    expect(await page.getByTestId('timeline-item').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('customer-task').getByText('Send revised PI').waitFor();

    await expect
      .poll(async () => Number(await page.getByTestId('view-due').locator('.count').textContent()))
      .toBeGreaterThanOrEqual(1);
    await page.getByTestId('view-due').click();
    await page.waitForURL('**/customers/due');
    await page.getByTestId('due-item').filter({ hasText: 'Send revised PI' }).waitFor();

    // A thread routed by its hand-linked address to the owner, with the contract held for approval.
    await page.goto(`${web.relay.url}/thread/demo/contract-brass`);
    await page.getByTestId('routing-reason').getByText(/owner/i).waitFor();
    await page.locator('[data-testid="outbox-entry"][data-phase="awaiting-approval"]').waitFor();
    await page.goto(`${web.relay.url}/thread/demo/anfrage-kugelhaehne`);
    await page.getByTestId('routing-reason').getByText("rule 1: keyword 'Kugelhähne'").waitFor();
    await page.getByText('@Wang Fang Becker wants CIF Hamburg').waitFor();

    await page.getByTestId('rules-link').click();
    await page.waitForURL('**/rules');
    await expect
      .poll(() =>
        page
          .getByTestId('rule-name')
          .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
      )
      .toEqual(['EU valve inquiries → Anna', '中文/日本語询盘 → 李娜', 'Español / Português → Carlos']);
  });
});
