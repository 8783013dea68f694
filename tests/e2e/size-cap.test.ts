// A change the relay refuses as too large (a doc at its size cap) is neither lost nor shown as
// saved: the status says why, in the user's language, while the sync client keeps it and retries.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { serveWebApp, type ServedWeb } from '../helpers/served-web.ts';
import { createWorkspace, type Person } from './support/workspace.ts';

const LI: Person = { name: 'Li Na', email: 'li@ningbo.example', password: 'correct horse 1' };

let web: ServedWeb;

beforeAll(async () => {
  // room for a new workspace, not for the demo's rules, templates, customers and threads
  web = await serveWebApp({
    storagePolicy: { maxDocBytes: 12 * 1024, compactAfterCount: 1_000, compactMinLogBytes: 64 * 1024 },
  });
});

afterAll(async () => {
  await web?.[Symbol.asyncDispose]();
});

describe('a doc at its size cap', () => {
  it('keeps the refused change unsaved and says why', async () => {
    const page = await (await web.browser.newContext()).newPage();
    await createWorkspace(page, web.relay.url, 'Ningbo Valve Export Co.', LI);
    await page.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();
    await page.getByRole('button', { name: 'Load a demo workspace' }).click();
    await page.getByTestId('sync-refused').getByText("over the server's size limit").waitFor();
    await page.locator('[data-testid="sync-status"][data-status="syncing"]').waitFor();
  });
});
