// [issue 6] The search box on `npm start`: `/` focuses it; online it searches the bridge's archive
// index (attachments included) and highlights the match; offline it filters the threads the browser
// holds and says that it is searching offline.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBridgeState } from '@wharf/mail-bridge';
import { dovecotMailbox } from '@wharf/mail-bridge/testing';
import { makeDocx } from '@wharf/search/testing';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startWharf } from '../helpers/wharf-process.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';

const SECRET = Buffer.alloc(32, 5).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret' };

let dovecot: Dovecot;
let browser: TestBrowser;
let dataDir: string;
let child: ChildProcess | undefined;
let url: string;

beforeAll(async () => {
  await ensureWebBuild();
  dovecot = await startDovecot([sales]);
  const docx = await makeDocx(['装箱单：不锈钢球阀 Zollnummer 84818081']);
  const raw = await new MailComposer({
    messageId: '<docs-1@buyer.example>',
    from: { name: 'Hans Buyer', address: 'hans@buyer.example' },
    to: sales.email,
    subject: 'Documents for shipment',
    text: 'See the attached list.',
    date: new Date('2026-11-20T08:00:00Z'),
    attachments: [
      {
        filename: 'packing-list.docx',
        content: Buffer.from(docx),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
    ],
  })
    .compile()
    .build();
  dovecot.seed(sales.email, 'INBOX', [{ raw }]);
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-e2e-search-'));
  const state = openBridgeState(join(dataDir, 'bridge'), SECRET);
  state.store.addMailbox(dovecotMailbox('sales', sales.email, dovecot.port), { password: sales.password });
  state.store.close();
  ({ child, url } = await startWharf(dataDir, SECRET, { WHARF_WEB_ROOT: WEB_BUILD_DIR }));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await dovecot?.[Symbol.asyncDispose]();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('search box', () => {
  it('finds attachment text online with a highlight, and filters locally offline', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForURL('**/setup');
    await page.getByLabel('Workspace name').fill('Wharf Trading');
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel('Email').fill('ada@wharf.test');
    await page.getByLabel('Password').fill('correct horse 1');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/inbox/unassigned');
    await page
      .getByTestId('thread-row')
      .filter({ hasText: 'Documents for shipment' })
      .waitFor({ timeout: 60_000 });

    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search' });
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill('装箱单');
    const hit = page.getByTestId('search-hit').filter({ hasText: 'Documents for shipment' });
    await hit.waitFor({ timeout: 30_000 });
    expect(await hit.locator('mark').first().textContent()).toBe('装箱单');
    expect(await hit.textContent()).toContain('packing-list.docx');
    expect(await page.getByTestId('search-offline').count()).toBe(0);

    await context.setOffline(true);
    await box.fill('shipment');
    await page.getByTestId('search-offline').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('search-offline').textContent()).toBe('Searching offline');
    await page.getByTestId('thread-row').filter({ hasText: 'Documents for shipment' }).waitFor();
    expect(await page.getByTestId('search-hit').count()).toBe(0);
    await context.close();
  });
});
