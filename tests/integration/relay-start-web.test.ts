// The relay serves the built web app: files with their types, hashed assets cached forever,
// client-side routes falling back to index.html, nothing outside the web root.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRelay } from '../helpers/relay.ts';

const INDEX = '<!doctype html><title>Wharf</title><div id="app"></div>';
const ASSET = 'export const hello = "你好";';

async function webBuild(): Promise<{ root: string } & AsyncDisposable> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-web-'));
  await mkdir(join(root, '_app/immutable/entry'), { recursive: true });
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'about.html'), '<title>About</title>');
  await writeFile(join(root, '_app/immutable/entry/app.3f9a1c.js'), ASSET);
  await writeFile(join(root, 'manifest.webmanifest'), '{"name":"Wharf"}');
  await writeFile(join(root, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
  return { root, [Symbol.asyncDispose]: () => rm(root, { recursive: true, force: true }) };
}

describe('web app serving', () => {
  it('serves files with content types and cache rules, and falls back to index.html', async () => {
    await using web = await webBuild();
    await using relay = await startRelay({ webRoot: web.root });

    const index = await relay.api('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toBe(INDEX);

    const route = await relay.api('/inbox/sales/thread-1');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX);
    expect(await (await relay.api('/about')).text()).toBe('<title>About</title>');

    const asset = await relay.api('/_app/immutable/entry/app.3f9a1c.js');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe(ASSET);

    const worker = await relay.api('/service-worker.js');
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    const manifest = await relay.api('/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8');

    expect((await relay.api('/_app/immutable/entry/missing.js')).status).toBe(404);
    expect((await relay.api('/api/unknown')).status).toBe(404);
    expect((await relay.api('/sync')).status).toBe(426);
    expect((await relay.api('/y/workspace')).status).toBe(426);
    expect((await relay.api('/api/unknown')).headers.get('content-type')).toMatch(/json/);
  });

  it('revalidates with ETag and never serves outside the web root', async () => {
    await using web = await webBuild();
    await using relay = await startRelay({ webRoot: web.root });
    const first = await relay.api('/');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await relay.api('/', { headers: { 'if-none-match': etag } })).status).toBe(304);

    for (const path of [
      '/..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/_app/..%5c..%5cpackage.json',
    ]) {
      const response = await relay.api(path);
      const body = await response.text();
      expect(body, path).not.toContain('root:');
      expect(body, path).not.toContain('"workspaces"');
    }
  });

  it('answers 404 for pages when no web build exists', async () => {
    await using relay = await startRelay({ webRoot: join(tmpdir(), 'wharf-no-such-build') });
    expect((await relay.api('/')).status).toBe(404);
    expect((await relay.api('/api/setup')).status).toBe(200);
  });
});
