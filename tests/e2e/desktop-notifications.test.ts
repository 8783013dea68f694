// [issue 4] Desktop notifications in Chromium on a real relay. Alice has two browser profiles:
// one granted the 'notifications' permission, one denied it; an init script records every
// Notification the app constructs. Bob's mentions and an SLA alert the bridge appends each show
// once in the granted profile (not again on later changes, not while Alice has that thread on
// screen), and never in the denied one, which still lists them in the app.
import type { BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_ACTOR, counterIds, docName, mailboxId, notifySla, threadId, userId } from '@wharf/model';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startRelay, type TestRelay, type TestUser } from '../helpers/relay.ts';
import { createSeeder, whenSaved, type Seeder } from './support/seed.ts';

interface Recorded {
  title: string;
  body: string;
  tag: string;
}
type RecordingWindow = typeof globalThis & { __notifications: Recorded[]; __permission: string };

let relay: TestRelay;
let browser: TestBrowser;
let seeder: Seeder;
let alice: TestUser;
let bob: TestUser;
let granted: Page;
let denied: Page;
let b: Page;

/** Replaces window.Notification with a recorder that keeps the browser's real permission. */
async function recordNotifications(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Real = globalThis.Notification;
    const w = globalThis as RecordingWindow;
    w.__notifications = [];
    w.__permission = Real.permission;
    class Recording {
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions = {}) {
        w.__notifications.push({ title, body: options.body ?? '', tag: options.tag ?? '' });
      }
      close(): void {}
      static get permission(): NotificationPermission {
        return Real.permission;
      }
      static requestPermission(): Promise<NotificationPermission> {
        return Real.requestPermission();
      }
    }
    (globalThis as { Notification: unknown }).Notification = Recording;
  });
}

async function signedIn(user: TestUser, permissions: string[]): Promise<Page> {
  const context = await browser.newContext({ permissions });
  await context.addCookies([{ name: 'wharf_session', value: user.session, url: relay.url }]);
  await recordNotifications(context);
  const page = await context.newPage();
  await page.goto(`${relay.url}/inbox/all`);
  await page.getByTestId('thread-row').first().waitFor();
  return page;
}

const recorded = (page: Page) => page.evaluate(() => (globalThis as RecordingWindow).__notifications);
const unread = (page: Page) => page.getByTestId('notification-count').textContent();

async function mention(thread: string, text: string): Promise<void> {
  await b.goto(`${relay.url}/thread/sales/${thread}`);
  const input = b.getByTestId('comment-input');
  await input.click();
  await input.pressSequentially('@Al');
  await b.getByTestId('mention-suggestions').getByText('Alice').waitFor();
  await input.press('Enter');
  await input.pressSequentially(text);
  await b.getByRole('button', { name: 'Comment' }).click();
  await b.getByTestId('comment').getByText(text).waitFor();
}

beforeAll(async () => {
  await ensureWebBuild();
  relay = await startRelay({ webRoot: WEB_BUILD_DIR });
  alice = await relay.member({ name: 'Alice', mailboxes: ['sales'] });
  bob = await relay.member({ name: 'Bob', mailboxes: ['sales'] });
  seeder = createSeeder(relay.wsUrl, await relay.serviceToken(), {
    now: () => Date.now(),
    newId: counterIds('seed'),
  });
  await seeder.mailbox('sales', 'sales@ningbo.example', 'Sales');
  const buyer = { name: 'Maria Lopez', address: 'maria@importadora.example' };
  await seeder.thread('sales', 'rfq-1', 'RFQ: 2,000 pcs stainless steel bottles', buyer, 'FOB Ningbo?');
  await seeder.thread('sales', 'rfq-2', 'Samples of the 750 ml bottle', buyer, 'Two samples please');
  browser = await launchBrowser();
  granted = await signedIn(alice, ['notifications']);
  denied = await signedIn(alice, []);
  b = await signedIn(bob, []);
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await seeder?.[Symbol.asyncDispose]();
  await relay?.dispose();
});

describe('desktop notifications', () => {
  it('a new mention shows once, with the author and the words, and not again on later changes', async () => {
    expect(await granted.evaluate(() => (globalThis as RecordingWindow).__permission)).toBe('granted');
    await mention('rfq-1', 'can you quote this one?');
    await expect.poll(() => recorded(granted)).toHaveLength(1);
    const [first] = await recorded(granted);
    expect(first).toMatchObject({ title: 'Bob', body: '@Alice can you quote this one?' });
    expect(first?.tag).toMatch(/^mention:/);

    // Reading it changes the user doc (a read mark): nothing is shown again.
    await granted.getByTestId('notifications-link').click();
    await granted.getByTestId('notification').first().waitFor();
    await granted.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => granted.getByTestId('notification-count').count()).toBe(0);
    await mention('rfq-1', 'and the samples too');
    await expect.poll(() => recorded(granted)).toHaveLength(2);
    const tags = (await recorded(granted)).map((n) => n.tag);
    expect(new Set(tags).size).toBe(2);
  });

  it('not while the thread is on screen in a focused window', async () => {
    // In-app navigation: a reload would start the recorder afresh.
    await granted.getByTestId('view-all').click();
    await granted.getByTestId('thread-row').filter({ hasText: '750 ml' }).click();
    await granted.getByTestId('thread-subject').waitFor();
    await granted.bringToFront();
    expect(await granted.evaluate(() => document.hasFocus())).toBe(true);
    await mention('rfq-2', 'samples are ready');
    // Two unread: this one and the second of the test before (read marks came before it).
    await expect.poll(() => unread(granted)).toBe('2');
    expect(await recorded(granted)).toHaveLength(2);
  });

  it('an SLA alert the bridge appends shows too, named by the thread', async () => {
    const doc = new Y.Doc();
    seeder.client.attach(docName({ kind: 'user', userId: userId(alice.id) }), doc, { seq: 0 });
    notifySla(
      doc,
      { alert: 'overdue', mailboxId: mailboxId('sales'), threadId: threadId('rfq-1'), dueAt: Date.now() },
      { deps: { now: () => Date.now(), newId: counterIds('sla') }, actor: BRIDGE_ACTOR },
    );
    await whenSaved(seeder.client);
    await expect.poll(() => recorded(granted)).toHaveLength(3);
    expect((await recorded(granted))[2]).toMatchObject({ tag: 'sla:overdue:sales:rfq-1' });
    expect((await recorded(granted))[2]?.body).toContain('stainless steel bottles');
  });

  it('nothing is shown where the permission is denied, though the app lists every one', async () => {
    expect(await denied.evaluate(() => (globalThis as RecordingWindow).__permission)).toBe('denied');
    await denied.getByTestId('notifications-link').click();
    await expect.poll(() => denied.getByTestId('notification').count()).toBe(4);
    expect(await recorded(denied)).toEqual([]);
  });
});
