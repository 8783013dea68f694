// Debian's Chromium driven by playwright-core (no browser download is possible here).
// The flags keep Chromium off the closed network: without the background-networking ones it
// floods it with update and sync requests.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export const WEB_BUILD_DIR = fileURLToPath(new URL('../../apps/web/build', import.meta.url));

export interface TestBrowser extends AsyncDisposable {
  readonly browser: Browser;
  /** A fresh, isolated profile (cookies, IndexedDB, service workers); closed with the browser. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    browser,
    newContext: (options) => browser.newContext({ locale: 'en-US', ...options }),
    async [Symbol.asyncDispose]() {
      await browser.close();
    },
  };
}

let building: Promise<void> | undefined;

/**
 * The e2e suite serves the built app (`npm run build`); when the build is missing (a fresh
 * checkout running one test file), build it once.
 */
export function ensureWebBuild(): Promise<void> {
  if (existsSync(`${WEB_BUILD_DIR}/index.html`)) return Promise.resolve();
  building ??= promisify(execFile)('npm', ['run', 'build', '-w', '@wharf/web'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  }).then(() => undefined);
  return building;
}
