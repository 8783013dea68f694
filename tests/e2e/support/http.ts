// Small loopback HTTP servers for e2e tests: a static file server and a "remote" server that
// records every request it gets (to prove a page fetched nothing, or exactly what it should).
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export interface TestServer extends AsyncDisposable {
  readonly origin: string;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function disposer(server: Server): () => Promise<void> {
  return async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

export async function serveDirectory(root: string): Promise<TestServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  return { origin: await listen(server), [Symbol.asyncDispose]: disposer(server) };
}

// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export interface RecordingServer extends TestServer {
  /** Paths requested so far, in order. */
  readonly paths: readonly string[];
  /** Resolves when a request for `path` has arrived (already or later). */
  waitFor(path: string): Promise<void>;
}

export async function recordingServer(): Promise<RecordingServer> {
  const paths: string[] = [];
  const waiters: { path: string; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    paths.push(path);
    for (const waiter of waiters.filter((w) => w.path === path)) waiter.resolve();
    response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(PIXEL);
  });
  return {
    origin: await listen(server),
    paths,
    waitFor: (path) =>
      paths.includes(path) ? Promise.resolve() : new Promise((resolve) => waiters.push({ path, resolve })),
    [Symbol.asyncDispose]: disposer(server),
  };
}
