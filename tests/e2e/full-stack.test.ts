// [issue 4] The whole stack as `npm start` runs it (relay + mail bridge + this web build on one
// port) with a real Dovecot and a real SMTP server: an HTML inquiry with a remote image arrives
// in the browser, renders sandboxed and fetches nothing remote; the reply written in the browser
// goes through the outbox, reaches the buyer's Dovecot INBOX threaded, and shows as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '@wharf/mail-bridge';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startWharfWithMailboxes, type WharfWithMailboxes } from '../helpers/wharf-process.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { startSmtp, type SmtpServer } from '../helpers/smtp.ts';
import { recordingServer, type RecordingServer } from './support/http.ts';
import { createWorkspace, joinByInvite } from './support/workspace.ts';

const SECRET = Buffer.alloc(32, 9).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret' };
const buyer = { email: 'hans@buyer.test', password: 'secret' };

function inquiry(remote: string): Buffer {
  return Buffer.from(
    [
      'Message-ID: <rfq-77@buyer.test>',
      'From: Hans Buyer <hans@buyer.test>',
      'To: sales@wharf.test',
      'Subject: Anfrage: Kugelhahn DN50',
      'Date: Mon, 23 Nov 2026 08:00:00 +0000',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>Bitte senden Sie uns ein Angebot für 200 Kugelhähne.</p><img src="${remote}/tracker.png"><script>parent.postMessage('pwned','*')</script>`,
      '',
    ].join('\r\n'),
  );
}

let dovecot: Dovecot;
let smtp: SmtpServer;
let remote: RecordingServer;
let browser: TestBrowser;
let wharf: WharfWithMailboxes | undefined;
let url: string;

beforeAll(async () => {
  await ensureWebBuild();
  remote = await recordingServer();
  dovecot = await startDovecot([sales, buyer]);
  dovecot.seed(sales.email, 'INBOX', [{ raw: inquiry(remote.origin) }]);
  smtp = await startSmtp({ dovecot });
  // the mailbox is written into the bridge's state before start, as an admin would have added it
  wharf = await startWharfWithMailboxes(
    dovecot.port,
    SECRET,
    [{ id: 'sales', email: sales.email, password: sales.password, smtpPort: smtp.port }],
    { WHARF_WEB_ROOT: WEB_BUILD_DIR },
  );
  url = wharf.url;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await wharf?.stop();
  await smtp?.[Symbol.asyncDispose]();
  await dovecot?.[Symbol.asyncDispose]();
  await remote?.[Symbol.asyncDispose]();
});

describe('relay + bridge + web', () => {
  it('shows an inquiry from Dovecot safely and sends the reply written in the browser, threaded', async () => {
    const page = await (await browser.newContext()).newPage();
    await createWorkspace(page, url, 'Wharf Trading');
    const rep = await (await browser.newContext()).newPage();
    await joinByInvite(page, rep, url, ['sales']);

    await rep.getByTestId('thread-row').filter({ hasText: 'Kugelhahn' }).click({ timeout: 60_000 });
    const frame = rep.frameLocator('iframe[title="Email content"]');
    await frame.getByText('200 Kugelhähne').waitFor({ timeout: 60_000 });
    await rep.getByTestId('remote-banner').getByText('1 remote image blocked').waitFor();
    expect(remote.paths).toEqual([]);

    await rep.getByTestId('reply').click();
    expect(await rep.getByTestId('composer-to').inputValue()).toBe('hans@buyer.test');
    await rep
      .getByTestId('composer-body')
      .fill('Sehr geehrter Herr Buyer, anbei unser Angebot. 报价见附件。');
    await rep.getByRole('button', { name: 'Send' }).click();
    await rep.locator('[data-testid="outbox-entry"][data-status="sent"]').waitFor({ timeout: 60_000 });

    const sources = await dovecot.sources(buyer);
    expect(sources).toHaveLength(1);
    const reply = await parseMessage(sources[0]!, {
      storeAttachment: () => Promise.reject(new Error('no attachments expected')),
    });
    expect(reply).toMatchObject({ inReplyTo: '<rfq-77@buyer.test>', subject: 'Re: Anfrage: Kugelhahn DN50' });
    expect(reply.text).toContain('anbei unser Angebot');
    expect(remote.paths).toEqual([]);
  });
});
