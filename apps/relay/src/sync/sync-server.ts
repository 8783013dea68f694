// The relay's sync endpoints: /sync (Wharf protocol, many docs per socket) and /y/<docName>
// (stock y-websocket). Both authenticate at upgrade, check `docAccess` on every subscribe and
// update, and share one store, one set of rooms and the same limits.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Principal, UserId } from '@wharf/model';
import { parseDocName } from '@wharf/model';
import type { CloseCode } from '@wharf/sync';
import { CLOSE } from '@wharf/sync';
import type { DocStore } from '../storage/doc-store.ts';
import { accessFor } from './access.ts';
import type { AwarenessChannel } from './awareness-channel.ts';
import { createAwarenessChannel } from './awareness-channel.ts';
import type { Connection } from './connection.ts';
import type { SyncStats } from './doc-ops.ts';
import { createDocOps, emptyStats } from './doc-ops.ts';
import type { Clock, SyncLimits, Timers } from './limits.ts';
import { DEFAULT_SYNC_LIMITS, SYSTEM_CLOCK, SYSTEM_TIMERS } from './limits.ts';
import { createRooms } from './rooms.ts';
import type { WharfContext } from './wharf-connection.ts';
import { WharfConnection } from './wharf-connection.ts';
import type { YContext } from './y-websocket-connection.ts';
import { YWebsocketConnection } from './y-websocket-connection.ts';

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

const SYNC_PATH = '/sync';
const isDocName = (value: string) => parseDocName(value) !== undefined;
const Y_PREFIX = '/y/';

export function createSyncServer(deps: SyncServerDeps): SyncServer {
  const limits: SyncLimits = { ...DEFAULT_SYNC_LIMITS, ...deps.limits };
  const timers = deps.timers ?? SYSTEM_TIMERS;
  const clock = deps.clock ?? SYSTEM_CLOCK;
  const log = deps.log ?? ((message: string) => console.warn(`[sync] ${message}`));
  const stats = emptyStats();
  const rooms = createRooms();
  const ops = createDocOps({ store: deps.store, rooms, stats, docWarnBytes: limits.docWarnBytes, log });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  const connections = new Set<Connection>();
  const docAwareness = new Map<string, AwarenessChannel>();
  let closing = false;

  const base = {
    limits,
    timers,
    clock,
    stats,
    ops,
    log,
    onClosed(connection: Connection) {
      connections.delete(connection);
      stats.connections--;
    },
  };
  const wharfContext: WharfContext = {
    ...base,
    store: deps.store,
    rooms,
    awareness: createAwarenessChannel(isDocName),
  };
  const yContext: YContext = {
    ...base,
    rooms,
    awarenessFor(doc) {
      let channel = docAwareness.get(doc);
      if (!channel) docAwareness.set(doc, (channel = createAwarenessChannel(isDocName)));
      return channel;
    },
    releaseAwareness(doc) {
      if (docAwareness.get(doc)?.size === 0) docAwareness.delete(doc);
    },
  };

  const track = (connection: Connection) => {
    connections.add(connection);
    stats.connections++;
  };

  const heartbeat = () => {
    const now = clock.now();
    for (const c of connections) {
      if (now - c.lastSeen > 2 * limits.heartbeatMs) c.ws.terminate();
      else if (c.ws.readyState === c.ws.OPEN) c.ws.ping();
    }
    heartbeatTimer = timers.setTimeout(heartbeat, limits.heartbeatMs);
  };
  let heartbeatTimer = timers.setTimeout(heartbeat, limits.heartbeatMs);

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer, path: string) => {
    if (closing) return refuse(socket, 503, 'server_shutdown', 'Server is shutting down. 服务器正在关闭。');
    let principal: Principal | undefined;
    try {
      principal = await deps.authenticate(req);
    } catch (error) {
      log(`authenticate failed: ${String(error)}`);
    }
    if (!principal) return refuse(socket, 401, 'unauthorised', 'Please sign in. 请登录。');
    const who = principal;
    if (path === SYNC_PATH)
      return wss.handleUpgrade(req, socket, head, (ws: WebSocket) =>
        track(new WharfConnection(ws, socket, who, wharfContext)),
      );
    const doc = decodeURIComponent(path.slice(Y_PREFIX.length));
    const access = accessFor(principal, doc);
    if (access === 'invalid') return refuse(socket, 404, 'invalid_doc_name', 'Unknown doc. 文档不存在。');
    if (access !== 'read' && access !== 'write')
      return refuse(socket, 403, 'forbidden', 'Access denied. 无权访问。');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const connection = new YWebsocketConnection(ws, socket, who, yContext, doc, access);
      track(connection);
      connection.start().catch((error: unknown) => {
        log(`y-websocket start for ${doc} failed: ${String(error)}`);
        connection.close(CLOSE.SERVER_SHUTDOWN);
      });
    });
  };

  return {
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://relay').pathname;
      if (path !== SYNC_PATH && !(path.startsWith(Y_PREFIX) && path.length > Y_PREFIX.length)) return false;
      socket.on('error', destroySocket);
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
      for (const connection of connections) {
        const { principal } = connection;
        if (principal.kind === 'user' && principal.userId === userId) {
          connection.close(code);
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
      const closed = all.map((c) => new Promise((resolve) => c.ws.once('close', resolve)));
      for (const connection of all) connection.close(CLOSE.SERVER_SHUTDOWN);
      await Promise.all(closed);
      wss.close();
    },
    stats,
  };
}

function destroySocket(this: Duplex): void {
  this.destroy();
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
