// [issue 4] The relay serves the built web app: the shell loads and runs from a real relay, deep
// links fall back to the SPA entry, and the UI language follows the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebApp, type ServedWeb } from '../helpers/served-web.ts';

let web: ServedWeb;

beforeAll(async () => {
  web = await serveWebApp();
});

afterAll(async () => {
  await web?.[Symbol.asyncDispose]();
});

describe('app shell', () => {
  it('loads from the relay and runs (the fallback page has no content until the client renders)', async () => {
    const page = await (await web.browser.newContext({ locale: 'en-US' })).newPage();
    const response = await page.goto(web.relay.url);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Wharf' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('serves deep links through the SPA fallback', async () => {
    const page = await (await web.browser.newContext()).newPage();
    const response = await page.goto(`${web.relay.url}/some/deep/link`);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Wharf' }).waitFor();
  });

  it('picks 简体中文 for a Chinese browser', async () => {
    const page = await (await web.browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(web.relay.url);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('switches the language and remembers the choice', async () => {
    const page = await (await web.browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(`${web.relay.url}/login`);
    await page.getByRole('heading', { name: 'Sign in to Wharf' }).waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { name: '登录 Wharf' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await page.getByRole('heading', { name: '登录 Wharf' }).waitFor();
  });
});
