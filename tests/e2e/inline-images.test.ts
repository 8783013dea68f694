// [issue 4] A multipart/related mail from Dovecot, through the bridge, in the browser: its cid:
// image (fetched from the message's guarded attachment route) shows inside the sandboxed frame,
// while its remote image stays blocked (nothing fetched, the frame's CSP unchanged) until consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { startWharfWithMailboxes, type WharfWithMailboxes } from '../helpers/wharf-process.ts';
import { recordingServer, type RecordingServer } from './support/http.ts';
import { createWorkspace } from './support/workspace.ts';

const SECRET = Buffer.alloc(32, 5).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret' };
// A 2×1 PNG: the image is drawn when naturalWidth is 2.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGP4z8DAwPAfAAcAAf9+CLHQAAAAAElFTkSuQmCC';

function catalogue(remote: string): Buffer {
  return Buffer.from(
    [
      'Message-ID: <catalogue-9@supplier.test>',
      'From: Li Na <lina@supplier.test>',
      'To: sales@wharf.test',
      'Subject: 产品目录 / Catalogue 2027',
      'Date: Mon, 23 Nov 2026 08:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="rel"; type="text/html"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>请查收目录。</p><img id="logo" alt="logo" src="cid:logo.2027@supplier.test"><img id="tracker" alt="t" src="${remote}/open.png">`,
      '--rel',
      'Content-Type: image/png; name="logo.png"',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <logo.2027@supplier.test>',
      'Content-Disposition: inline; filename="logo.png"',
      '',
      PNG,
      '--rel--',
      '',
    ].join('\r\n'),
  );
}

let dovecot: Dovecot;
let remote: RecordingServer;
let browser: TestBrowser;
let wharf: WharfWithMailboxes;

beforeAll(async () => {
  await ensureWebBuild();
  remote = await recordingServer();
  dovecot = await startDovecot([sales]);
  dovecot.seed(sales.email, 'INBOX', [{ raw: catalogue(remote.origin) }]);
  wharf = await startWharfWithMailboxes(dovecot.port, SECRET, [{ id: 'sales', ...sales }]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await wharf?.stop();
  await dovecot?.[Symbol.asyncDispose]();
  await remote?.[Symbol.asyncDispose]();
});

describe('inline images', () => {
  it('shows the cid: image of a multipart/related mail and blocks its remote image', async () => {
    const page = await (await browser.newContext()).newPage();
    await createWorkspace(page, wharf.url, 'Wharf Trading');

    await page.getByTestId('thread-row').filter({ hasText: 'Catalogue 2027' }).click({ timeout: 60_000 });
    const frame = page.frameLocator('iframe[title="Email content"]');
    await frame.getByText('请查收目录').waitFor({ timeout: 60_000 });
    const srcdoc = (await page.locator('iframe[title="Email content"]').getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain('img-src data: cid:;');
    expect(srcdoc).not.toContain(remote.origin);

    const logo = frame.locator('#logo');
    expect(await logo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect
      .poll(() => logo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : -1)))
      .toBe(2);
    expect(await frame.locator('#tracker').getAttribute('src')).toBeNull();
    await page.getByTestId('remote-banner').getByText('1 remote image blocked').waitFor();
    expect(remote.paths).toEqual([]);
    // The logo is a part of the message, not a file: it is not listed as an attachment.
    expect(await page.getByRole('list', { name: 'Attachments' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Show images in this message' }).click();
    await remote.waitFor('/open.png');
    await expect
      .poll(() => logo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : -1)))
      .toBe(2);
  });
});
