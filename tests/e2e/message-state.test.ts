// [issue 3] What a member sees of the mail server's side of a message, through `npm start`, a real
// Dovecot and Chromium: an attachment left on the server shows its estimated size as approximate
// until a download makes it exact, and a message another client deleted (moved to Trash) says so
// instead of reading like lost mail (model SPEC [SV5]), in English and 简体中文.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { plainMail } from '../helpers/poll.ts';
import { startWharfWithMailboxes, type WharfWithMailboxes } from '../helpers/wharf-process.ts';
import type { Page } from 'playwright-core';
import { createWorkspace } from './support/workspace.ts';

const SECRET = Buffer.alloc(32, 6).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret' };
/** 1.2 MB: a zip is not indexed for search, so the bridge leaves it on the server. */
const ZIP = Buffer.from(Array.from({ length: 1_300_000 }, (_, i) => (i * 7919) % 251));

function withDrawings(): Buffer {
  return Buffer.from(
    [
      'Message-ID: <drawings-1@buyer.example>',
      'From: Buyer <buyer@buyer.example>',
      'To: sales@wharf.test',
      'Subject: Drawings for the valves',
      'Date: Mon, 23 Nov 2026 08:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mix"',
      '',
      '--mix',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Drawings attached.',
      '--mix',
      'Content-Type: application/zip; name="drawings.zip"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="drawings.zip"',
      '',
      ZIP.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--mix--',
      '',
    ].join('\r\n'),
  );
}

let dovecot: Dovecot;
let browser: TestBrowser;
let wharf: WharfWithMailboxes;
let page: Page;

beforeAll(async () => {
  await ensureWebBuild();
  dovecot = await startDovecot([sales]);
  dovecot.seed(sales.email, 'INBOX', [
    { raw: withDrawings() },
    {
      raw: plainMail(
        {
          'Message-ID': '<enquiry-2@buyer.example>',
          From: 'Buyer <buyer@buyer.example>',
          Subject: 'Old enquiry',
          Date: 'Mon, 23 Nov 2026 09:00:00 +0000',
        },
        'Still interested?',
      ),
    },
  ]);
  wharf = await startWharfWithMailboxes(dovecot.port, SECRET, [{ id: 'sales', ...sales }]);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  await createWorkspace(page, wharf.url, 'Wharf Trading');
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await wharf?.stop();
  await dovecot?.[Symbol.asyncDispose]();
});

describe('the mail server side of a message', () => {
  it('an attachment left on the server reads ≈ / 约 its estimated size until downloaded, then exact', async () => {
    await page
      .getByTestId('thread-row')
      .filter({ hasText: 'Drawings for the valves' })
      .click({ timeout: 60_000 });
    const item = page.getByRole('listitem').filter({ hasText: 'drawings.zip' });
    await item.getByText('≈ 1.2 MB').waitFor({ timeout: 60_000 });

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await item.getByText('约 1.2 MB').waitFor();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');

    const href = (await item.getByRole('link').getAttribute('href'))!;
    const download = await page.request.get(new URL(href, wharf.url).toString());
    expect(download.status()).toBe(200);
    expect((await download.body()).equals(ZIP)).toBe(true);

    await page.reload();
    await item.getByText('1.2 MB', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await item.getByText('≈').count()).toBe(0);
  });

  it('[SV5] a message another client deleted says it went to Trash, in English and 简体中文', async () => {
    await page.goto(new URL('/inbox/unassigned', wharf.url).toString());
    await page.getByTestId('thread-row').filter({ hasText: 'Old enquiry' }).click({ timeout: 60_000 });
    await page.getByText('Still interested?').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('server-state').count()).toBe(0);

    const other = await dovecot.client(sales);
    try {
      await other.mailboxOpen('INBOX');
      await other.messageMove('2', 'Trash', { uid: true });
    } finally {
      await other.logout();
    }
    const note = page.getByTestId('server-state');
    await note
      .getByText('Deleted in another mail client: moved from INBOX to Trash')
      .waitFor({ timeout: 30_000 });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await note.getByText('已在其他邮件客户端中删除：从 INBOX 移至 Trash').waitFor();
  });
});
