// [issue 5] Rules and hand-over through the UI on the whole stack (`npm start`'s composition,
// real Dovecot, Chromium). A manager writes a rule (keyword 'valve' → Bea + tag), previews it on
// a thread already in the inbox, saves it, and the next mail APPENDed to Dovecot is routed by it,
// with the reason shown in the thread. Then Bea takes the buyer over as its owner, and the
// manager hands Bea over to herself from the team page: the plan, the summary, and Bea signed out.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBridgeState } from '@wharf/mail-bridge';
import { dovecotMailbox } from '@wharf/mail-bridge/testing';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { plainMail } from '../helpers/poll.ts';
import { startSmtp, type SmtpServer } from '../helpers/smtp.ts';
import { startWharf, stopWharf } from '../helpers/wharf-process.ts';
import { createWorkspace, joinByInvite } from './support/workspace.ts';

const SECRET = Buffer.alloc(32, 5).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret' };

let dovecot: Dovecot;
let smtp: SmtpServer;
let browser: TestBrowser;
let dataDir: string;
let child: ChildProcess | undefined;
let url: string;
let ada: Page;
let bea: Page;
let beaId: string;

beforeAll(async () => {
  await ensureWebBuild();
  dovecot = await startDovecot([sales]);
  dovecot.seed(sales.email, 'INBOX', [
    {
      raw: plainMail(
        {
          'Message-ID': '<rfq-1@buyer.test>',
          From: 'Hans Buyer <hans@buyer.test>',
          Subject: 'RFQ: brass valve DN50',
          Date: 'Mon, 23 Nov 2026 08:00:00 +0000',
        },
        'Please quote 200 pieces.',
      ),
    },
  ]);
  smtp = await startSmtp({ dovecot });
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-e2e-rules-'));
  const state = openBridgeState(join(dataDir, 'bridge'), SECRET);
  state.store.addMailbox(dovecotMailbox('sales', sales.email, dovecot.port, smtp.port), {
    password: sales.password,
  });
  state.store.close();
  ({ child, url } = await startWharf(dataDir, SECRET, { WHARF_WEB_ROOT: WEB_BUILD_DIR }));
  browser = await launchBrowser();

  ada = await (await browser.newContext()).newPage();
  await createWorkspace(ada, url, 'Wharf Valves');
  bea = await (await browser.newContext()).newPage();
  await joinByInvite(ada, bea, url, ['sales']);
  const members = (await (await ada.request.get(`${url}/api/members`)).json()) as {
    members: { id: string; name: string }[];
  };
  beaId = members.members.find((m) => m.name === 'Bea')!.id;
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await stopWharf(child);
  await smtp?.[Symbol.asyncDispose]();
  await dovecot?.[Symbol.asyncDispose]();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('rules and hand-over in the browser', () => {
  it('a manager edits, previews and saves a rule; the next mail from Dovecot follows it', async () => {
    // The thread the preview will replay is in the inbox, unassigned (no rules yet).
    await ada.getByTestId('thread-row').filter({ hasText: 'brass valve' }).waitFor({ timeout: 60_000 });

    await ada.getByTestId('rules-link').click();
    await ada.waitForURL('**/rules');
    await ada.getByTestId('add-rule').click();
    const rule = ada.getByTestId('rule').first();
    await rule.getByTestId('rule-name').fill('Valves to Bea');
    await rule.getByTestId('rule-name').blur();
    await rule.getByTestId('condition-kind').selectOption('keyword');
    await rule.getByTestId('add-condition').click();
    await rule.getByTestId('condition-words').fill('valve, 阀门');
    await rule.getByTestId('condition-words').blur();
    await rule.getByTestId('action-kind').selectOption('assign');
    await rule.getByTestId('add-action').click();
    // An assignment to nobody yet is a problem, shown on the rule until a member is chosen.
    await rule.getByTestId('rule-problems').getByText('is not an active member').waitFor();
    await rule.getByTestId('action-member').selectOption({ label: 'Bea' });
    await rule.getByTestId('rule-problems').waitFor({ state: 'detached' });
    await rule.getByTestId('action-kind').selectOption('tag');
    await rule.getByTestId('add-action').click();
    await rule.getByTestId('action-tag').fill('valves');
    await rule.getByTestId('action-tag').blur();
    await rule.getByTestId('action-kind').selectOption('priority');
    await rule.getByTestId('add-action').click();

    await ada.getByTestId('run-preview').click();
    const row = ada.getByTestId('preview-row').filter({ hasText: 'brass valve' });
    await row.waitFor();
    expect(await row.getByTestId('preview-change').allInnerTexts()).toEqual([
      'Assignee: Nobody → Bea',
      'Tags: — → #valves',
      'Priority: — → High',
    ]);
    expect(await row.getByTestId('preview-reason').innerText()).toBe("rule 1: keyword 'valve'");

    await ada.getByTestId('save-rules').click();
    await ada.getByTestId('rules-saved').waitFor();
    await ada.locator('[data-testid="sync-status"][data-status="saved"]').waitFor({ timeout: 30_000 });
    // Saving does not re-route what is already in the inbox.
    expect(await ada.getByTestId('view-unassigned').innerText()).toMatch(/1$/);

    await dovecot.append(
      sales,
      'INBOX',
      plainMail(
        {
          'Message-ID': '<rfq-2@acme.es>',
          From: 'Maria Lopez <maria@acme.es>',
          Subject: 'Quote for gate valve DN80',
          Date: 'Mon, 23 Nov 2026 09:00:00 +0000',
        },
        'Please quote 50 gate valves.',
      ),
    );
    await ada.getByTestId('view-all').click();
    await ada.getByTestId('thread-row').filter({ hasText: 'gate valve' }).click({ timeout: 60_000 });
    await ada.getByTestId('routing-reason').getByText("Routed: rule 1: keyword 'valve'").waitFor();
    expect(await ada.getByTestId('assignee-select').inputValue()).toBe(beaId);
    await ada.getByRole('button', { name: '#valves ✕' }).waitFor();

    // Previewed again, the routed thread is already as the rule would leave it (the preview reads
    // its priority from the thread, which the inbox row does not carry); the older one still differs.
    await ada.getByTestId('rules-link').click();
    await ada.getByTestId('run-preview').click();
    await ada.getByTestId('preview-summary').getByText('1 thread(s) would change, 1 would stay').waitFor();
    expect(await ada.getByTestId('preview-row').allInnerTexts()).toEqual([
      expect.stringContaining('brass valve'),
    ]);

    // The sales mailbox gets a first-reply target in Shanghai working hours; backwards hours are refused.
    const sla = ada.getByTestId('sla-policies');
    await sla.getByRole('listitem').first().getByRole('button').click();
    await sla.getByLabel('First reply within (working hours)').fill('2');
    await sla.getByLabel('Time zone').fill('Asia/Shanghai');
    await sla.getByLabel('From').fill('18:00');
    await sla.getByLabel('To').fill('09:00');
    await sla.getByRole('button', { name: 'Save target' }).click();
    await sla.getByText('This target is not valid').waitFor();
    await sla.getByLabel('From').fill('09:00');
    await sla.getByLabel('To').fill('18:00');
    await sla.getByRole('button', { name: 'Save target' }).click();
    await sla.getByText('Target saved').waitFor();
    await sla.getByText('First reply within 2 working hour(s), Asia/Shanghai').waitFor();

    // A member reads the rules but cannot change them.
    await bea.goto(`${url}/rules`);
    await bea.getByTestId('rules-read-only').waitFor();
    expect(await bea.getByTestId('rule-name').inputValue()).toBe('Valves to Bea');
    expect(await bea.getByTestId('rule-name').isDisabled()).toBe(true);
    expect(await bea.getByTestId('save-rules').count()).toBe(0);
  });

  it('Bea takes the buyer over; the manager hands Bea over to herself, sees the summary, and Bea is signed out', async () => {
    // Bea marks herself out of office (members may, for themselves only), and back.
    await bea.goto(`${url}/team`);
    const beaRow = bea.getByTestId('team-member').filter({ hasText: 'bea@wharf.test' });
    await beaRow.waitFor();
    await bea.getByTestId('team-member').filter({ hasText: 'ada@wharf.test' }).waitFor();
    expect(await bea.getByTestId('toggle-away').count()).toBe(1);
    await beaRow.getByTestId('toggle-away').click();
    await beaRow.getByTestId('away-state').getByText('Out of office').waitFor();
    await beaRow.getByTestId('toggle-away').click();
    await beaRow.getByTestId('away-state').getByText('In the office').waitFor();

    await bea.getByTestId('view-mine').click();
    await bea.getByTestId('thread-row').filter({ hasText: 'gate valve' }).click({ timeout: 60_000 });
    await bea.getByTestId('owned-by').getByText('Customer without an owner').waitFor();
    bea.once('dialog', (dialog) => void dialog.accept());
    await bea.getByTestId('take-over').click();
    await bea.getByTestId('owned-by').getByText('Your customer').waitFor();
    await bea.locator('[data-testid="sync-status"][data-status="saved"]').waitFor({ timeout: 30_000 });

    // Ada, on the same thread, sees whose customer it is.
    await ada.getByTestId('view-all').click();
    await ada.getByTestId('thread-row').filter({ hasText: 'gate valve' }).click();
    await ada.getByTestId('owned-by').getByText('Customer owned by Bea').waitFor({ timeout: 30_000 });

    await ada.goto(`${url}/team`);
    await ada.getByTestId('hand-over-from').selectOption({ label: 'Bea' });
    await ada.getByTestId('hand-over-to').selectOption({ label: 'Ada' });
    await ada.getByTestId('hand-over-plan').click();
    const plan = ada.getByTestId('hand-over-plan-result');
    await plan.waitFor();
    expect(await plan.getByRole('listitem').allInnerTexts()).toEqual([
      'Customers: 1',
      'Open threads: 1',
      'Tasks: 0',
      'Snoozes: 0',
      'Drafts: 0',
      'Waiting mail: 0',
    ]);
    // Planning moved nothing and signed nobody out.
    expect(new URL(bea.url()).pathname).toMatch(/^\/thread\//);

    await ada.getByTestId('hand-over-confirm').click();
    const summary = ada.getByTestId('hand-over-summary');
    await summary
      .getByText('Bea → Ada: 1 customer, 1 open thread, 0 tasks, 0 snoozes, 0 drafts, 0 scheduled messages')
      .waitFor({ timeout: 30_000 });
    expect(await summary.getByTestId('moved-threads').innerText()).toBe('Open threads: 1');
    await bea.waitForURL('**/login', { timeout: 30_000 });
    // Bea is gone from the team and the thread is Ada's now.
    await ada.getByTestId('team-member').filter({ hasText: 'Bea' }).waitFor({ state: 'detached' });
    await ada.getByTestId('view-mine').click();
    await ada.getByTestId('thread-row').filter({ hasText: 'gate valve' }).waitFor({ timeout: 30_000 });
  });
});
