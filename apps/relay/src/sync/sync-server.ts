// The relay's sync endpoints: /sync (Wharf protocol, many docs per socket) and /y/<docName>
// (stock y-websocket). Both authenticate at upgrade, check `docAccess` on every subscribe and
// update, and share one store, one set of rooms and the same limits.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import ws from 'ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Principal, UserId } from '@wharf/model';
import type { CloseCode } from '@wharf/sync';
import { CLOSE } from '@wharf/sync';
import type { DocStore } from '../storage/doc-store.ts';
import { accessFor } from './access.ts';
import type { AwarenessChannel } from './awareness-channel.ts';
import { createAwarenessChannel } from './awareness-channel.ts';
import type { SyncStats } from './doc-ops.ts';
import { createDocOps, emptyStats } from './doc-ops.ts';
import { startInbox } from './inbox.ts';
import type { Clock, SyncLimits, Timers } from './limits.ts';
import { DEFAULT_SYNC_LIMITS, SYSTEM_CLOCK, SYSTEM_TIMERS } from './limits.ts';
import type { Outbound } from './outbound.ts';
import { createOutbound } from './outbound.ts';
import { createRooms } from './rooms.ts';
import { createWharfSession } from './wharf-session.ts';
import { createYWebsocketSession } from './y-websocket-session.ts';

export interface SyncServerDeps {
  store: DocStore;
  authenticate: (req: IncomingMessage) => Promise<Principal | undefined>;
  limits?: Partial<SyncLimits>;
  timers?: Timers;
  clock?: Clock;
  log?: (message: string) => void;
}

export interface SyncServer {
  /** Takes the upgrade if the path is /sync or /y/<docName>; returns false for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Stores and fans out a server-made update (e.g. members mirrored into the workspace doc). */
  publish(doc: string, update: Uint8Array): Promise<number>;
  /** Closes every socket of a user (revocation); returns how many were closed. */
  closeUser(userId: UserId, code?: CloseCode): number;
  /** Stops accepting, waits for pending appends, closes every socket with 1001. */
  close(): Promise<void>;
  readonly stats: Readonly<SyncStats>;
}

interface Connection {
  principal: Principal;
  ws: WebSocket;
  outbound: Outbound;
  lastSeen: number;
  closed: Promise<void>;
}

// The installed ws is 6.x (CommonJS, server class at `require('ws').Server`); @types/ws describes
// ws 8's ESM surface, where the same class is `WebSocketServer`.
const { Server: WsServer } = ws as unknown as { Server: typeof WebSocketServer };

const SYNC_PATH = '/sync';
const Y_PREFIX = '/y/';

export function createSyncServer(deps: SyncServerDeps): SyncServer {
  const limits: SyncLimits = { ...DEFAULT_SYNC_LIMITS, ...deps.limits };
  const timers = deps.timers ?? SYSTEM_TIMERS;
  const clock = deps.clock ?? SYSTEM_CLOCK;
  const log = deps.log ?? ((message: string) => console.warn(`[sync] ${message}`));
  const stats = emptyStats();
  const rooms = createRooms();
  const ops = createDocOps({ store: deps.store, rooms, stats, docWarnBytes: limits.docWarnBytes, log });
  const wss = new WsServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  const connectionAwareness = createAwarenessChannel();
  const docAwareness = new Map<string, AwarenessChannel>();
  const connections = new Set<Connection>();
  let closing = false;

  const heartbeat = () => {
    const now = clock.now();
    for (const c of connections) {
      if (now - c.lastSeen > 2 * limits.heartbeatMs) c.ws.terminate();
      else if (c.ws.readyState === c.ws.OPEN) c.ws.ping();
    }
    heartbeatTimer = timers.setTimeout(heartbeat, limits.heartbeatMs);
  };
  let heartbeatTimer = timers.setTimeout(heartbeat, limits.heartbeatMs);

  const accept = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    principal: Principal,
    start: (ws: WebSocket, outbound: Outbound) => { handle(b: Uint8Array): unknown; dispose(): void },
  ) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const outbound = createOutbound({
        ws,
        socket,
        limits,
        timers,
        onSlowConsumer: () => stats.slowConsumerDrops++,
      });
      let resolveClosed!: () => void;
      const connection: Connection = {
        principal,
        ws,
        outbound,
        lastSeen: clock.now(),
        closed: new Promise((r) => (resolveClosed = r)),
      };
      const seen = () => (connection.lastSeen = clock.now());
      ws.on('pong', seen);
      ws.on('message', seen);
      connections.add(connection);
      stats.connections++;
      const session = start(ws, outbound);
      ws.on('error', (error) => log(`socket error: ${error.message}`));
      ws.once('close', () => {
        connections.delete(connection);
        stats.connections--;
        session.dispose();
        resolveClosed();
      });
      startInbox(
        ws,
        socket,
        outbound,
        (bytes) => session.handle(bytes) as Promise<void> | void,
        (error) => {
          log(`closing a connection: ${error.message}`);
          outbound.close(CLOSE.PROTOCOL_ERROR);
        },
      );
    });
  };

  const startWharf = (principal: Principal) => (_ws: WebSocket, outbound: Outbound) =>
    createWharfSession({
      principal,
      outbound,
      store: deps.store,
      ops,
      rooms,
      awareness: connectionAwareness,
      stats,
    });

  const startY = (doc: string, access: 'read' | 'write') => (_ws: WebSocket, outbound: Outbound) => {
    let awareness = docAwareness.get(doc);
    if (!awareness) docAwareness.set(doc, (awareness = createAwarenessChannel()));
    const channel = awareness;
    const session = createYWebsocketSession({ doc, access, outbound, ops, rooms, awareness: channel, log });
    session.start().catch((error: unknown) => {
      log(`y-websocket start for ${doc} failed: ${String(error)}`);
      outbound.close(CLOSE.SERVER_SHUTDOWN);
    });
    return {
      handle: (bytes: Uint8Array) => session.handle(bytes),
      dispose() {
        session.dispose();
        if (channel.size === 0) docAwareness.delete(doc);
      },
    };
  };

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer, path: string) => {
    if (closing) return refuse(socket, 503, 'server_shutdown', 'Server is shutting down. 服务器正在关闭。');
    let principal: Principal | undefined;
    try {
      principal = await deps.authenticate(req);
    } catch (error) {
      log(`authenticate failed: ${String(error)}`);
    }
    if (!principal) return refuse(socket, 401, 'unauthorised', 'Please sign in. 请登录。');
    if (path === SYNC_PATH) return accept(req, socket, head, principal, startWharf(principal));
    const doc = decodeURIComponent(path.slice(Y_PREFIX.length));
    const access = accessFor(principal, doc);
    if (access === 'invalid') return refuse(socket, 404, 'invalid_doc_name', 'Unknown doc. 文档不存在。');
    if (access !== 'read' && access !== 'write')
      return refuse(socket, 403, 'forbidden', 'Access denied. 无权访问。');
    accept(req, socket, head, principal, startY(doc, access));
  };

  return {
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://relay').pathname;
      if (path !== SYNC_PATH && !(path.startsWith(Y_PREFIX) && path.length > Y_PREFIX.length)) return false;
      socket.on('error', () => socket.destroy());
      upgrade(req, socket, head, path).catch((error: unknown) => {
        log(`upgrade failed: ${String(error)}`);
        socket.destroy();
      });
      return true;
    },
    publish(doc, update) {
      return new Promise((resolve, reject) =>
        ops.append(doc, update, undefined, (outcome) =>
          outcome.ok ? resolve(outcome.seq) : reject(new Error(`publish to ${doc} refused: ${outcome.code}`)),
        ),
      );
    },
    closeUser(userId, code = CLOSE.REVOKED) {
      let n = 0;
      for (const { principal, outbound } of connections) {
        if (principal.kind === 'user' && principal.userId === userId) {
          outbound.close(code);
          n++;
        }
      }
      return n;
    },
    async close() {
      closing = true;
      timers.clearTimeout(heartbeatTimer);
      await ops.settled();
      const all = [...connections];
      for (const { outbound } of all) outbound.close(CLOSE.SERVER_SHUTDOWN);
      await Promise.all(all.map((c) => c.closed));
      wss.close();
    },
    stats,
  };
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[
    status
  ];
  socket.end(
    `HTTP/1.1 ${status} ${reason ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
