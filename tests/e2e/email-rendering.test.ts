// [issue 4] A hostile HTML mail executes nothing and loads nothing remote before consent; after
// consent it loads the remote images and still nothing else. Drives the real EmailFrame
// component (compiled by Vite with the Svelte plugin) in Debian's Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Frame, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { hostileMail, IMAGE_PATHS } from './support/hostile-mail.ts';
import { recordingServer, serveDirectory, type RecordingServer, type TestServer } from './support/http.ts';

const HARNESS = fileURLToPath(new URL('./harness', import.meta.url));
const SENDER = 'sales@supplier.example';

declare global {
  interface Window {
    renderMail(props: { html: string; sender: string; messageId: string }): void;
    harnessReady?: boolean;
    received: unknown[];
  }
}

let outDir: string;
let site: TestServer;
let remote: RecordingServer;
let browser: TestBrowser;
let page: Page;
const pageRequestsToRemote: string[] = [];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'wharf-email-harness-'));
  await build({
    configFile: false,
    root: HARNESS,
    logLevel: 'warn',
    plugins: [svelte({ compilerOptions: { runes: true } })],
    build: { outDir, emptyOutDir: true, minify: false },
  });
  site = await serveDirectory(outDir);
  remote = await recordingServer();
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  page.on('request', (request) => {
    if (request.url().startsWith(remote.origin)) pageRequestsToRemote.push(new URL(request.url()).pathname);
  });
  await page.goto(site.origin);
  await page.waitForFunction(() => window.harnessReady === true);
  await page.evaluate(() => {
    window.received = [];
    window.addEventListener('message', (event) => window.received.push(event.data));
  });
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await remote?.[Symbol.asyncDispose]();
  await site?.[Symbol.asyncDispose]();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function render(tag: string, messageId: string): Promise<Frame> {
  const html = hostileMail(remote.origin, tag);
  await page.evaluate((props) => window.renderMail(props), { html, sender: SENDER, messageId });
  return mailFrame();
}

/** The mail's frame once its document (with every subresource it may load) has loaded. */
async function mailFrame(): Promise<Frame> {
  const handle = await page.waitForSelector('iframe');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no mail frame');
  await frame.waitForLoadState('load');
  await frame.getByText('Dear buyer').waitFor();
  return frame;
}

const nonImagePaths = () => remote.paths.filter((path) => !/^\/[a-z0-9]+-[a-z-]+\.png$/.test(path));

describe('email rendering', () => {
  it('sandboxes the frame without scripts or same-origin and pins a strict CSP', async () => {
    await render('t0', 'm0');
    const iframe = page.locator('iframe');
    expect(await iframe.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const srcdoc = (await iframe.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain(
      "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'",
    );
    for (const forbidden of [
      '<script',
      '<form',
      '<input',
      '<iframe',
      '<object',
      '<embed',
      '<svg',
      '<base',
      'onerror',
      'onload',
      'onclick',
      'javascript:',
      'http-equiv="refresh"',
      '@import',
      remote.origin,
    ])
      expect(srcdoc, forbidden).not.toContain(forbidden);
  });

  it('runs nothing and requests nothing remote before consent', async () => {
    const frame = await render('t1', 'm1');
    await frame.locator('#js-link').click();
    await frame.locator('#clickable').click();
    expect(await frame.locator('#js-link').getAttribute('href')).toBeNull();
    expect(await frame.locator('#real-link').getAttribute('target')).toBe('_blank');
    expect(await frame.locator('#real-link').getAttribute('rel')).toBe('noopener noreferrer');
    expect(await frame.locator('#real-link').getAttribute('ping')).toBeNull();
    expect(
      await frame.locator('form, input, button, script, iframe, svg, meta[http-equiv="refresh"]').count(),
    ).toBe(0);

    await expect
      .poll(() => page.getByTestId('remote-banner').textContent())
      .toContain('5 remote images blocked');
    expect(remote.paths).toEqual([]);
    expect(pageRequestsToRemote).toEqual([]);
    expect(await page.evaluate(() => window.received)).toEqual([]);
  });

  it('loads the remote images of this message after consent, and still nothing else', async () => {
    await render('t2', 'm2');
    await page.getByRole('button', { name: 'Show images in this message' }).click();
    await Promise.all(IMAGE_PATHS('t2').map((path) => remote.waitFor(path)));
    await mailFrame();
    expect(await page.getByTestId('remote-banner').count()).toBe(0);
    expect(nonImagePaths()).toEqual([]);
    expect(await page.evaluate(() => window.received)).toEqual([]);

    // Consent was for that message only: the next one from the same sender is blocked again.
    const before = remote.paths.length;
    await render('t3', 'm3');
    await page.getByTestId('remote-banner').waitFor();
    expect(remote.paths.length).toBe(before);
  });

  it('remembers a trusted sender for later messages', async () => {
    await render('t4', 'm4');
    await page.getByRole('button', { name: `Always show images from ${SENDER}` }).click();
    await Promise.all(IMAGE_PATHS('t4').map((path) => remote.waitFor(path)));

    await render('t5', 'm5');
    await Promise.all(IMAGE_PATHS('t5').map((path) => remote.waitFor(path)));
    expect(await page.getByTestId('remote-banner').count()).toBe(0);
    expect(nonImagePaths()).toEqual([]);
    expect(await page.evaluate(() => window.received)).toEqual([]);
  });
});
