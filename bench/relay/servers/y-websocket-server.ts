// The stock y-websocket server (@y/websocket-server 0.1.1, the Yjs 13 line) on ws, in memory.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ws, { type WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';
import { serveForBench } from './serve.ts';

// The installed ws is 6.x (what @y/websocket-server 0.1.1 asks for): CommonJS only, the server class is
// `require('ws').Server`, while @types/ws describes ws 8's ESM wrapper.
const { Server } = ws as unknown as { Server: typeof WebSocketServer };

await serveForBench(async () => {
  const httpServer = http.createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const wss = new Server({ server: httpServer });
  wss.on('connection', (socket, request) => {
    setupWSConnection(socket, request);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    endpoint: { target: 'y-websocket', port, token: '' },
    close: () =>
      new Promise<void>((resolve) => {
        wss.close(() => httpServer.close(() => resolve()));
      }),
  };
});
