// Hocuspocus 4 in memory, no extensions, with an onAuthenticate hook that checks the token so the
// auth message is exercised as a real client would use it.
import { Server } from '@hocuspocus/server';
import { randomBytes } from 'node:crypto';
import { serveForBench } from './serve.ts';

await serveForBench(async () => {
  const token = randomBytes(16).toString('hex');
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    onAuthenticate: ({ token: presented }) => {
      if (presented !== token) return Promise.reject(new Error('bad token'));
      return Promise.resolve();
    },
  });
  await server.listen();
  return {
    endpoint: { target: 'hocuspocus', port: server.address.port, token },
    close: () => server.destroy(),
  };
});
