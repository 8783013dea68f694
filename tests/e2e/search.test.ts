// [issue 6] The search box on `npm start` (real relay, bridge and Dovecot): `/` focuses it; online
// it searches the bridge's archive index (attachments included) with highlights, and filter chips
// are the query string; offline the same box searches what the browser holds with lunr (inbox rows,
// opened thread docs, cached bodies) in the search worker, says so, and keeps its closed-month
// segments in IndexedDB across a reload.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBridgeState } from '@wharf/mail-bridge';
import { dovecotMailbox } from '@wharf/mail-bridge/testing';
import { makeDocx } from '@wharf/search/testing';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startWharf, stopWharf } from '../helpers/wharf-process.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { createWorkspace } from './support/workspace.ts';

const SECRET = Buffer.alloc(32, 5).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret' };
const DAY = 86_400_000;

let dovecot: Dovecot;
let browser: TestBrowser;
let dataDir: string;
let child: ChildProcess | undefined;
let url: string;

interface Mail {
  id: string;
  from: { name: string; address: string };
  subject: string;
  text: string;
  date: Date;
  inReplyTo?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

const build = (mail: Mail) =>
  new MailComposer({
    messageId: `<${mail.id}@buyer.example>`,
    to: sales.email,
    ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}@buyer.example>` } : {}),
    ...mail,
  })
    .compile()
    .build();

beforeAll(async () => {
  await ensureWebBuild();
  dovecot = await startDovecot([sales]);
  const docx = await makeDocx(['装箱单：不锈钢球阀 Zollnummer 84818081']);
  const now = Date.now();
  const mails: Mail[] = [
    {
      id: 'docs-1',
      from: { name: 'Hans Buyer', address: 'hans@buyer.example' },
      subject: 'Documents for shipment',
      text: 'See the attached list.',
      date: new Date(now - 3 * DAY),
      attachments: [
        {
          filename: 'packing-list.docx',
          content: Buffer.from(docx),
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        },
      ],
    },
    {
      id: 'rfq-1',
      from: { name: 'Li Wei', address: 'li@buyer.example' },
      subject: '询价：不锈钢球阀 DN50',
      text: '您好，请报价不锈钢球阀 DN50，FOB 宁波，起订量多少？',
      date: new Date(now - 2 * DAY),
    },
    {
      // a closed month: the offline index keeps it in an immutable segment saved in IndexedDB
      id: 'old-1',
      from: { name: 'Hans Buyer', address: 'hans@buyer.example' },
      subject: 'Price list for flanges',
      text: 'Please send your price list. 法兰 价格表 PN16',
      date: new Date(now - 100 * DAY),
    },
  ];
  dovecot.seed(sales.email, 'INBOX', await Promise.all(mails.map(async (m) => ({ raw: await build(m) }))));
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-e2e-search-'));
  const state = openBridgeState(join(dataDir, 'bridge'), SECRET);
  state.store.addMailbox(dovecotMailbox('sales', sales.email, dovecot.port), { password: sales.password });
  state.store.close();
  ({ child, url } = await startWharf(dataDir, SECRET, { WHARF_WEB_ROOT: WEB_BUILD_DIR }));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await stopWharf(child);
  await dovecot?.[Symbol.asyncDispose]();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const hits = (page: Page) => page.getByTestId('search-hit');
const box = (page: Page) => page.getByRole('searchbox', { name: 'Search' });
/** The subjects of the hits once the box answered with `count` of them (not while it searches). */
async function subjectsWhen(page: Page, count: number): Promise<string[]> {
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid="search-results"]')?.getAttribute('aria-busy') === 'false' &&
      document.querySelectorAll('[data-testid="search-hit"]').length === n,
    count,
    { timeout: 30_000 },
  );
  return (await hits(page).locator('.subject').allTextContents()).sort();
}

describe('search box', () => {
  let page: Page;
  let context: Awaited<ReturnType<TestBrowser['newContext']>>;

  it('online: a 2-character Chinese word shows highlighted hits, attachment text included', async () => {
    context = await browser.newContext();
    page = await context.newPage();
    await createWorkspace(page, url, 'Wharf Trading');
    for (const subject of ['Documents for shipment', '询价：不锈钢球阀 DN50', 'Price list for flanges'])
      await page.getByTestId('thread-row').filter({ hasText: subject }).waitFor({ timeout: 60_000 });

    await page.keyboard.press('/');
    expect(await box(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await box(page).fill('球阀');
    expect(await subjectsWhen(page, 2)).toEqual(['Documents for shipment', '询价：不锈钢球阀 DN50']);
    const docs = hits(page).filter({ hasText: 'Documents for shipment' });
    expect(await docs.locator('mark').first().textContent()).toBe('球阀');
    expect(await docs.textContent()).toContain('packing-list.docx');
    const rfq = hits(page).filter({ hasText: 'DN50' });
    expect(await rfq.locator('.subject mark').first().textContent()).toBe('球阀');
    expect(await page.getByTestId('search-offline').count()).toBe(0);
  });

  it('online: a chip added from the menu narrows the results and is part of the query; removing it widens them', async () => {
    await page.getByText('Add filter').click();
    await page.getByTestId('search-filter-kind').selectOption({ label: 'Has attachment' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('[data-testid="search-chip"][data-query="has:attachment"]').waitFor();
    expect(await box(page).inputValue()).toBe('球阀 has:attachment ');
    expect(await subjectsWhen(page, 1)).toEqual(['Documents for shipment']);

    await page.getByRole('button', { name: 'Remove filter Has attachment' }).click();
    expect(await box(page).inputValue()).toBe('球阀');
    expect(await page.getByTestId('search-chip').count()).toBe(0);
    expect(await subjectsWhen(page, 2)).toHaveLength(2);

    // a typed operator is a chip too
    await box(page).fill('球阀 from:li@buyer.example');
    await page.locator('[data-testid="search-chip"][data-query="from:li@buyer.example"]').waitFor();
    expect(await subjectsWhen(page, 1)).toEqual(['询价：不锈钢球阀 DN50']);
  });

  it('keyboard: arrows and Enter open a result, Esc or a click elsewhere closes the results', async () => {
    await box(page).fill('球阀');
    await subjectsWhen(page, 2);
    await page.getByTestId('row-count').click();
    await page.getByTestId('search-results').waitFor({ state: 'detached' });
    await box(page).focus();
    await subjectsWhen(page, 2);
    await box(page).press('Escape');
    await page.getByTestId('search-results').waitFor({ state: 'detached' });
    await box(page).focus();
    await box(page).fill('DN50');
    await subjectsWhen(page, 1);
    await box(page).press('ArrowDown');
    await box(page).press('Enter');
    await page.waitForURL('**/thread/**');
    await page.getByTestId('thread-subject').getByText('DN50').waitFor();
  });

  it('offline: Chinese and English queries find held threads with lunr, changed threads by their new content, and the box says it is offline', async () => {
    // Changes while online: a comment on the open thread (its doc is held) and a reply by mail
    // (its index row changes).
    const comment = page.getByTestId('comment-input');
    await comment.click();
    await comment.pressSequentially('Kowalski is our customs broker 报关行');
    await page.getByRole('button', { name: 'Comment' }).click();
    await page.getByTestId('comment').getByText('Kowalski').waitFor();
    dovecot.seed(sales.email, 'INBOX', [
      {
        raw: await build({
          id: 'rfq-2',
          inReplyTo: 'rfq-1',
          from: { name: 'Li Wei', address: 'li@buyer.example' },
          subject: 'Re: 询价：不锈钢球阀 DN50',
          text: 'Revised drawing: Edelstahl 316, 交货期三十天',
          date: new Date(),
        }),
      },
    ]);
    await page.goto(`${url}/inbox/all`);
    await page.getByTestId('thread-row').filter({ hasText: 'Revised drawing' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();

    await context.setOffline(true);
    await page.locator('[data-testid="sync-status"][data-status="offline"]').waitFor();
    const offlineHits = async (query: string, count: number) => {
      await box(page).fill(query);
      await page.getByTestId('search-offline').waitFor();
      expect(await page.getByTestId('search-offline').textContent()).toBe('Searching offline');
      return subjectsWhen(page, count);
    };
    // Chinese: a closed month's segment, and the first message of a thread only its held doc has
    expect(await offlineHits('法兰', 1)).toEqual(['Price list for flanges']);
    expect(await hits(page).locator('mark').first().textContent()).toBe('法兰');
    expect(await offlineHits('宁波', 1)).toEqual(['询价：不锈钢球阀 DN50']);
    // English
    expect(await offlineHits('shipment', 1)).toEqual(['Documents for shipment']);
    // changed while online: the reply (index row) and the comment (held thread doc)
    expect(await offlineHits('edelstahl', 1)).toEqual(['询价：不锈钢球阀 DN50']);
    expect(await offlineHits('Kowalski', 1)).toEqual(['询价：不锈钢球阀 DN50']);
    // filters work offline too
    expect(await offlineHits('球阀 -has:attachment', 1)).toEqual(['询价：不锈钢球阀 DN50']);
  });

  it('offline reload: closed-month segments come back from IndexedDB instead of being rebuilt', async () => {
    await page.reload();
    await page.getByTestId('thread-row').filter({ hasText: 'Price list for flanges' }).waitFor();
    // The worker starts once every index bucket is loaded (rows may be drawn before), is sent the
    // rows at once, and stats() answers once it settled.
    await page.waitForFunction(() => 'wharfOfflineSearch' in globalThis);
    type Stats = { documents: number; segmentsRestored: number; rebuilt: string[]; pending: number };
    const stats = await page.evaluate(() =>
      (
        globalThis as unknown as { wharfOfflineSearch: { stats(): Promise<Stats> } }
      ).wharfOfflineSearch.stats(),
    );
    expect(stats.documents).toBe(3);
    expect(stats.segmentsRestored).toBe(1);
    expect(stats.rebuilt).toEqual(['recent']);
    await box(page).fill('法兰');
    await page.getByTestId('search-offline').waitFor();
    expect(await subjectsWhen(page, 1)).toEqual(['Price list for flanges']);
    await context.close();
  });
});
