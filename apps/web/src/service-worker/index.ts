// The offline app shell: build files and static assets cached at install, navigations answered
// from the network and, offline, with the cached SPA entry; message bodies the user read, and the
// inline (cid:) images they showed, are kept so they open offline (design §5). Docs themselves are cached in IndexedDB, not here.
import { assets, immutable } from '$app/manifest';
import { version } from '$app/env';
import { self } from '$app/service-worker';

const SHELL = `shell-${version}`;
/** Read message bodies; cleared on sign-out by the app. */
const BODIES = 'bodies';
const SHELL_ENTRY = '/';
const BODY_PATH = /^\/api\/mailboxes\/[^/]+\/messages\/[^/]+$/;
/** Inline parts are asked for with `?inline` (downloads are not kept: they can be large). */
const ATTACHMENT_PATH = /^\/api\/mailboxes\/[^/]+\/messages\/[^/]+\/attachments\/[^/]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll([
        SHELL_ENTRY,
        ...immutable.map((f) => `/${f.path}`),
        ...assets.map((f) => `/${f.path}`),
      ]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL && key !== BODIES) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request: Request, cacheName: string, fallbackKey?: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackKey ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackKey ?? request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, SHELL_ENTRY));
    return;
  }
  if (
    BODY_PATH.test(url.pathname) ||
    (ATTACHMENT_PATH.test(url.pathname) && url.searchParams.has('inline'))
  ) {
    event.respondWith(networkFirst(request, BODIES));
    return;
  }
  if (url.pathname.startsWith('/api/') || url.pathname === '/sync' || url.pathname.startsWith('/y/')) return;
  event.respondWith((async () => (await (await caches.open(SHELL)).match(request)) ?? fetch(request))());
});
