// [issue 4] The relay serves the built web app: the shell loads and runs from a real relay, deep
// links fall back to the SPA entry, and the UI language follows the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startRelay, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay;
let browser: TestBrowser;

beforeAll(async () => {
  await ensureWebBuild();
  relay = await startRelay({ webRoot: WEB_BUILD_DIR });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.[Symbol.asyncDispose]();
  await relay?.dispose();
});

describe('app shell', () => {
  it('loads from the relay and runs (the fallback page has no content until the client renders)', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    const response = await page.goto(relay.url);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Wharf' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('serves deep links through the SPA fallback', async () => {
    const page = await (await browser.newContext()).newPage();
    const response = await page.goto(`${relay.url}/some/deep/link`);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Wharf' }).waitFor();
  });

  it('picks 简体中文 for a Chinese browser', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(relay.url);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('switches the language and remembers the choice', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(`${relay.url}/login`);
    await page.getByRole('heading', { name: 'Sign in to Wharf' }).waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { name: '登录 Wharf' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await page.getByRole('heading', { name: '登录 Wharf' }).waitFor();
  });
});
