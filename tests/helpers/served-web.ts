// The built web app served by a real relay, and Debian's Chromium to open it: what the browser tests
// that need nothing else start with. Disposing closes the browser, then the relay.
import { ensureWebBuild, launchBrowser, WEB_BUILD_DIR, type TestBrowser } from './browser.ts';
import { startRelay, type StartRelayOptions, type TestRelay } from './relay.ts';

export interface ServedWeb extends AsyncDisposable {
  readonly relay: TestRelay;
  readonly browser: TestBrowser;
}

export async function serveWebApp(relayOptions: StartRelayOptions = {}): Promise<ServedWeb> {
  await ensureWebBuild();
  const relay = await startRelay({ ...relayOptions, webRoot: WEB_BUILD_DIR });
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await relay.dispose();
    throw error;
  });
  return {
    relay,
    browser,
    async [Symbol.asyncDispose]() {
      await browser[Symbol.asyncDispose]();
      await relay.dispose();
    },
  };
}
