// Serves the built web app (apps/web/build) with an SPA fallback to index.html. Hashed assets
// under /_app/immutable are cached forever; everything else is revalidated by ETag.
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

async function fileAt(path: string): Promise<Stats | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The file for a URL path inside root, or undefined; never escapes root. */
async function resolveFile(
  root: string,
  urlPath: string,
): Promise<{ path: string; info: Stats } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  if (relative.split(/[/\\]/).includes('..')) return undefined;
  const base = join(root, relative);
  if (base !== root && !base.startsWith(root + sep)) return undefined;
  // Prerendered pages may be emitted as `page.html` or `page/index.html`.
  for (const candidate of [base, `${base}.html`, join(base, 'index.html')]) {
    const info = await fileAt(candidate);
    if (info) return { path: candidate, info };
  }
  return undefined;
}

export function serveWebApp(root: string) {
  const absoluteRoot = normalize(root).replace(/[/\\]+$/, '');
  return async (c: Context): Promise<Response> => {
    const pathname = new URL(c.req.url).pathname;
    let found = await resolveFile(absoluteRoot, pathname);
    // Unknown asset paths are 404s; unknown page paths are client-side routes.
    if (!found && extname(pathname) === '') found = await resolveFile(absoluteRoot, '/index.html');
    if (!found) return c.text('Not found. 未找到', 404);
    const { path, info } = found;
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers = new Headers({
      'Content-Type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': pathname.startsWith('/_app/immutable/') ? IMMUTABLE : 'no-cache',
      ETag: etag,
    });
    if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
    headers.set('Content-Length', String(info.size));
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}
