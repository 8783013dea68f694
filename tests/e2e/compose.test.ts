// [issue 4] Composing in the browser against the whole stack (`npm start`'s composition, real
// Dovecot and SMTP): a rep attaches a file to a reply, is warned that a colleague answered
// meanwhile and sends anyway (logged in the thread, model SPEC [RA1]); the file arrives
// byte-identical. Then "New mail" from the sales mailbox starts a new conversation that arrives,
// and a reply matching an approval rule (added in the browser) waits until the admin approves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '@wharf/mail-bridge';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startWharfWithMailboxes, type WharfWithMailboxes } from '../helpers/wharf-process.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { startSmtp, type SmtpServer } from '../helpers/smtp.ts';
import { waitFor } from '../helpers/poll.ts';
import { createWorkspace, joinByInvite } from './support/workspace.ts';

const SECRET = Buffer.alloc(32, 7).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret' };
const buyer = { email: 'hans@buyer.test', password: 'secret' };
const QUOTE = Buffer.concat([Buffer.from('%PDF-1.7 Angebot 报价 '), Buffer.alloc(50_000, 0x5a)]);

const inquiry = Buffer.from(
  [
    'Message-ID: <rfq-90@buyer.test>',
    'From: Hans Buyer <hans@buyer.test>',
    'To: sales@wharf.test',
    'Subject: Anfrage: Flansche DN80',
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Bitte um Angebot für 500 Flansche.',
    '',
  ].join('\r\n'),
);

let dovecot: Dovecot;
let smtp: SmtpServer;
let browser: TestBrowser;
let wharf: WharfWithMailboxes | undefined;
let url: string;

beforeAll(async () => {
  await ensureWebBuild();
  dovecot = await startDovecot([sales, buyer]);
  dovecot.seed(sales.email, 'INBOX', [{ raw: inquiry }]);
  smtp = await startSmtp({ dovecot });
  wharf = await startWharfWithMailboxes(
    dovecot.port,
    SECRET,
    [
      {
        id: 'sales',
        email: sales.email,
        password: sales.password,
        smtpPort: smtp.port,
        settings: { displayName: 'Wharf Sales' },
      },
    ],
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
});

const buyerInbox = () => dovecot.sources(buyer);

describe('composing in the browser', () => {
  it('a reply with an attachment, sent anyway after a colleague answered; new mail from sales@; a reply held by an approval rule until the admin approves; a scheduled reply edited before it goes', async () => {
    const admin = await (await browser.newContext()).newPage();
    await createWorkspace(admin, url, 'Wharf Trading');
    const rep = await (await browser.newContext()).newPage();
    await joinByInvite(admin, rep, url, ['sales']);

    // Bea starts a reply; meanwhile Ada answers the same inquiry
    await rep.getByTestId('thread-row').filter({ hasText: 'Flansche' }).click({ timeout: 60_000 });
    await rep.getByTestId('reply').click();
    await rep.getByTestId('composer-body').fill('Anbei unser Angebot. 报价见附件。');
    await rep.getByTestId('composer-file').setInputFiles({
      name: 'Angebot 报价.pdf',
      mimeType: 'application/pdf',
      buffer: QUOTE,
    });
    await rep.getByTestId('composer-attachment').filter({ hasText: 'Angebot 报价.pdf' }).waitFor();

    await admin.getByTestId('thread-row').filter({ hasText: 'Flansche' }).click({ timeout: 60_000 });
    await admin.getByTestId('reply').click();
    await admin.getByTestId('composer-body').fill('Ada answers first.');
    await admin.getByRole('button', { name: 'Send' }).click();

    await rep.getByText('Someone else replied meanwhile.').waitFor({ timeout: 60_000 });
    expect(await rep.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await rep.getByTestId('composer-reply-anyway').check();
    await rep.getByRole('button', { name: 'Send' }).click();
    await rep.getByTestId('reply-anyway-logged').filter({ hasText: 'Bea sent anyway' }).waitFor();
    await waitFor(() => smtp.deliveries.length === 2, 'both replies delivered', 90_000);
    await rep.locator('[data-testid="outbox-entry"][data-status="sent"]').nth(1).waitFor({ timeout: 60_000 });

    const files = new Map<string, Buffer>();
    for (const raw of await buyerInbox())
      await parseMessage(raw, {
        storeAttachment: async (content, info) => {
          const chunks: Buffer[] = [];
          for await (const chunk of content as AsyncIterable<Buffer>) chunks.push(chunk);
          files.set(info.filename ?? '', Buffer.concat(chunks));
          return { sha256: '', size: 0 };
        },
      });
    expect([...files.keys()]).toEqual(['Angebot 报价.pdf']);
    expect(files.get('Angebot 报价.pdf')!.equals(QUOTE)).toBe(true);

    // New mail from the sales mailbox: a new conversation, sent and shown as sent
    await rep.getByTestId('new-mail-link').click();
    await rep.waitForURL('**/compose');
    expect(await rep.getByTestId('new-mail-from').inputValue()).toBe('sales');
    await rep.getByTestId('new-mail-to').fill('hans@buyer.test');
    await rep.getByTestId('new-mail-subject').fill('Katalog 2027 / 2027 产品目录');
    await rep.getByTestId('new-mail-body').fill('Unser neuer Katalog.');
    // The draft of a new mail (no thread yet) is kept in Bea's own doc: a reload brings it back
    await rep.getByTestId('new-mail-draft-saved').waitFor();
    await rep.reload();
    await expect
      .poll(() => rep.getByTestId('new-mail-subject').inputValue())
      .toBe('Katalog 2027 / 2027 产品目录');
    expect(await rep.getByTestId('new-mail-to').inputValue()).toBe('hans@buyer.test');
    expect(await rep.getByTestId('new-mail-body').inputValue()).toBe('Unser neuer Katalog.');
    await rep.getByTestId('new-mail-send').click();
    await rep.waitForURL('**/thread/sales/**');
    await rep.locator('[data-testid="outbox-entry"][data-status="sent"]').waitFor({ timeout: 60_000 });
    const inbox = await buyerInbox();
    expect(inbox).toHaveLength(3);
    expect(inbox.some((raw) => raw.toString().includes('Unser neuer Katalog.'))).toBe(true);
    // Sent: the draft is gone
    await rep.getByTestId('new-mail-link').click();
    await rep.waitForURL('**/compose');
    await rep.locator('[data-testid="new-mail"][data-restored="true"]').waitFor();
    expect(await rep.getByTestId('new-mail-subject').inputValue()).toBe('');

    // Approval: Ada adds a rule; Bea's reply that matches it waits until Ada approves it
    await admin.getByTestId('approval-link').click();
    await admin.getByTestId('approval-name').fill('Contracts');
    await admin.getByTestId('approval-phrases').fill('final contract, 正式合同');
    await admin.getByTestId('approval-add').click();
    await admin.getByTestId('approval-rules').getByText('Contracts').waitFor();
    await rep.goto(`${url}/inbox/unassigned`);
    await rep.getByTestId('thread-row').filter({ hasText: 'Flansche' }).click({ timeout: 60_000 });
    await rep.getByTestId('reply').click();
    await rep.getByTestId('composer-body').fill('Please sign the final contract.');
    await rep.getByTestId('composer-needs-approval').getByText('Contracts').waitFor({ timeout: 30_000 });
    await rep.getByRole('button', { name: 'Send', exact: true }).click();
    const held = rep.locator('[data-testid="outbox-entry"][data-phase="awaiting-approval"]');
    await held.waitFor({ timeout: 30_000 });
    expect(await held.getByTestId('outbox-approve').count()).toBe(0);

    await admin.goto(rep.url());
    await admin.getByTestId('outbox-approve').click({ timeout: 60_000 });
    await rep
      .locator('[data-testid="outbox-entry"][data-status="sent"]')
      .filter({ hasText: 'Re: Anfrage' })
      .nth(2)
      .waitFor({ timeout: 60_000 });
    const after = await buyerInbox();
    expect(after).toHaveLength(4);
    expect(after.some((raw) => raw.toString().includes('Please sign the final contract.'))).toBe(true);

    // A scheduled reply stays editable until due: Bea edits its text, then sends it now
    await rep.getByTestId('reply').click();
    await rep.getByTestId('composer-body').fill('First version.');
    await rep.getByTestId('composer-schedule').click();
    await rep.getByTestId('composer-send-at').fill('2099-01-05T09:00');
    await rep.getByRole('button', { name: 'Schedule', exact: true }).click();
    const scheduled = rep.locator('[data-testid="outbox-entry"][data-phase="scheduled"]');
    await scheduled.waitFor();
    await scheduled.getByTestId('outbox-edit').click();
    await scheduled.getByTestId('outbox-edit-body').fill('Second version, edited while scheduled.');
    await scheduled.getByRole('button', { name: 'Save changes' }).click();
    await scheduled.getByRole('button', { name: 'Send now' }).click();
    await waitFor(() => smtp.deliveries.length === 5, 'the edited reply delivered', 90_000);
    const last = (await buyerInbox()).map((raw) => raw.toString());
    expect(last.some((raw) => raw.includes('Second version, edited while scheduled.'))).toBe(true);
    expect(last.some((raw) => raw.includes('First version.'))).toBe(false);
  });
});
