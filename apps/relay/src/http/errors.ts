// Every error the REST API returns, defined once: code → status and a bilingual message.
// Body shape (contract): { "error": { "code": "snake_case", "message": "English. 中文" } }.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AuthError, type AuthErrorCode } from '../auth/index.ts';

type HttpErrorCode =
  | AuthErrorCode
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_json'
  | 'invalid_input'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'bad_origin'
  | 'unavailable'
  | 'internal';

const ERRORS: Record<HttpErrorCode, [ContentfulStatusCode, string, string]> = {
  already_set_up: [409, 'This workspace is already set up', '此工作区已完成初始设置'],
  invalid_credentials: [401, 'Wrong email or password', '邮箱或密码错误'],
  rate_limited: [429, 'Too many failed attempts; try again later', '失败次数过多，请稍后再试'],
  email_taken: [409, 'An account with this email already exists', '该邮箱已有账号'],
  invite_invalid: [410, 'This invite link is invalid, used or expired', '邀请链接无效、已使用或已过期'],
  invite_email_mismatch: [403, 'This invite is for a different email', '此邀请属于另一个邮箱'],
  user_not_found: [404, 'No such member', '没有该成员'],
  last_admin: [409, 'The workspace needs at least one active admin', '工作区至少需要一位有效的管理员'],
  role_not_allowed: [403, 'You may not grant this role', '您无权授予此角色'],
  mailbox_not_allowed: [403, 'You may not grant a mailbox you cannot access', '您无权授予自己无法访问的邮箱'],
  unauthenticated: [401, 'Please sign in', '请先登录'],
  forbidden: [403, 'You do not have permission for this', '您没有此操作的权限'],
  not_found: [404, 'Not found', '未找到'],
  invalid_json: [400, 'The request body must be a JSON object', '请求内容必须是 JSON 对象'],
  invalid_input: [400, 'Invalid input', '输入无效'],
  payload_too_large: [413, 'The request body is too large', '请求内容过大'],
  unsupported_media_type: [415, 'Send the request as application/json', '请求必须使用 application/json 格式'],
  bad_origin: [403, 'Cross-site request refused', '已拒绝跨站请求'],
  unavailable: [503, 'Still starting; try again in a moment', '正在启动，请稍后再试'],
  internal: [500, 'Something went wrong on the server', '服务器内部错误'],
};

/** A refusal with a known code; `detail` is a bilingual addition such as which field is wrong. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly detail: string | undefined;

  constructor(code: HttpErrorCode, detail?: string) {
    super(code);
    this.name = 'HttpError';
    this.code = code;
    this.detail = detail;
  }
}

export function errorResponse(c: Context, code: HttpErrorCode, detail?: string): Response {
  const [status, en, zh] = ERRORS[code];
  const message = detail ? `${en}: ${detail}` : `${en}. ${zh}`;
  return c.json({ error: { code, message } }, status);
}

export function handleError(error: unknown, c: Context, log: (message: string) => void): Response {
  if (error instanceof HttpError) return errorResponse(c, error.code, error.detail);
  if (error instanceof AuthError) {
    if (error.retryAfterMs !== undefined)
      c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
    return errorResponse(c, error.code);
  }
  log(`relay: ${c.req.method} ${new URL(c.req.url).pathname} failed: ${String(error)}`);
  return errorResponse(c, 'internal');
}
