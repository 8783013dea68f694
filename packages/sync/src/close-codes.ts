// Websocket close codes, defined once. 4000–4999 is the range RFC 6455 leaves to applications;
// where a standard code says the same thing (1001, 1009) the standard one is used so stock
// clients understand it. `reconnect` tells the client whether retrying can help.

export interface CloseCode {
  readonly code: number;
  readonly name: string;
  readonly reconnect: boolean;
  /** English. 中文 — shown to users where the UI has nothing better to say. */
  readonly message: string;
}

function closeCode(code: number, name: string, reconnect: boolean, message: string): CloseCode {
  return { code, name, reconnect, message };
}

export const CLOSE = {
  /** The relay is shutting down or restarting; reconnect with backoff. */
  SERVER_SHUTDOWN: closeCode(1001, 'server_shutdown', true, 'Server restarting. 服务器正在重启。'),
  /** A single websocket message exceeded the relay's message cap (ws `maxPayload`). */
  MESSAGE_TOO_LARGE: closeCode(1009, 'message_too_large', true, 'Message too large. 消息过大。'),
  /** No or invalid credentials (session expired while connected). Sign in again. */
  UNAUTHORISED: closeCode(4001, 'unauthorised', false, 'Please sign in again. 请重新登录。'),
  /** Authenticated, but not allowed on this endpoint. */
  FORBIDDEN: closeCode(4003, 'forbidden', false, 'Access denied. 无权访问。'),
  /** The user's access was revoked by an admin; their sockets are closed. */
  REVOKED: closeCode(4004, 'revoked', false, 'Your access was revoked. 您的访问权限已被撤销。'),
  /** The user's role or mailbox grants changed: reconnect at once to subscribe under the new rules. */
  ACCESS_CHANGED: closeCode(
    4009,
    'access_changed',
    true,
    'Your access changed, reconnecting. 您的权限已变更，正在重新连接。',
  ),
  /** The client did not read fast enough; its send buffer filled. Reconnect and resync. */
  SLOW_CONSUMER: closeCode(
    4008,
    'slow_consumer',
    true,
    'Connection too slow, resyncing. 连接过慢，正在重新同步。',
  ),
  /** The client speaks another protocol version: reload the app to update. */
  PROTOCOL_VERSION: closeCode(
    4010,
    'protocol_version',
    false,
    'A new version is available: please reload. 有新版本，请刷新页面。',
  ),
  /** The client sent something malformed or out of order (e.g. a doc message before hello). */
  PROTOCOL_ERROR: closeCode(4011, 'protocol_error', false, 'Protocol error. 协议错误。'),
} as const;

export type CloseName = keyof typeof CLOSE;

const BY_CODE = new Map<number, CloseCode>(Object.values(CLOSE).map((c) => [c.code, c]));

/** The Wharf meaning of a close code, or undefined for codes Wharf does not define. */
export function closeCodeFor(code: number): CloseCode | undefined {
  return BY_CODE.get(code);
}

/** Whether a client should reconnect after a close with this code (unknown codes: yes, with backoff). */
export function shouldReconnect(code: number): boolean {
  return closeCodeFor(code)?.reconnect ?? true;
}
