// Input validation for the REST API: every field is checked here, before any handler logic.
// Detail strings name the field in both languages.
import type { Context } from 'hono';
import { isValidId, ROLES, type MailboxId, type Role } from '@wharf/model';
import { HttpError } from './errors.ts';

const MAX_BODY_BYTES = 64 * 1024;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Body = Record<string, unknown>;

/** Reads a JSON object body, refusing more than 64 KB even without a Content-Length. */
export async function readJson(c: Context): Promise<Body> {
  const stream = c.req.raw.body;
  if (!stream) throw new HttpError('invalid_json');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new HttpError('payload_too_large');
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError('invalid_json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError('invalid_json');
  return value as Body;
}

const invalid = (field: string, en: string, zh: string) =>
  new HttpError('invalid_input', `${field} ${en}. ${field} ${zh}`);

export function text(body: Body, field: string, max = 200): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'is required', '为必填项');
  if (value.length > max) throw invalid(field, `must be at most ${max} characters`, `不能超过 ${max} 个字符`);
  return value.trim();
}

export function email(body: Body, field = 'email'): string {
  const value = text(body, field, 254);
  if (!EMAIL.test(value)) throw invalid(field, 'is not an email address', '不是有效的邮箱地址');
  return value.toLowerCase();
}

export function optionalEmail(body: Body, field = 'email'): string | undefined {
  return body[field] === undefined || body[field] === null || body[field] === ''
    ? undefined
    : email(body, field);
}

export function password(body: Body, field = 'password'): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length < 8)
    throw invalid(field, 'must have at least 8 characters', '至少需要 8 个字符');
  // Bounded so a huge password cannot make scrypt hash megabytes.
  if (value.length > 1024) throw invalid(field, 'is too long', '过长');
  return value;
}

/** Login takes any string: a too-short guess is simply wrong, not a validation error. */
export function loginPassword(body: Body): string {
  const value = body['password'];
  if (typeof value !== 'string' || value === '' || value.length > 1024)
    throw invalid('password', 'is required', '为必填项');
  return value;
}

export function role(body: Body, field = 'role'): Role {
  const value = body[field];
  if (typeof value !== 'string' || !(ROLES as readonly string[]).includes(value))
    throw invalid(field, `must be one of ${ROLES.join(', ')}`, `必须是 ${ROLES.join('、')} 之一`);
  return value as Role;
}

export function mailboxes(body: Body, field = 'mailboxes'): MailboxId[] {
  const value = body[field];
  if (
    !Array.isArray(value) ||
    value.length > 1000 ||
    !value.every((m): m is string => typeof m === 'string' && isValidId(m))
  )
    throw invalid(field, 'must be a list of mailbox ids', '必须是邮箱 ID 列表');
  return [...new Set(value)] as MailboxId[];
}

export function optional<T>(
  body: Body,
  field: string,
  read: (body: Body, field: string) => T,
): T | undefined {
  return body[field] === undefined ? undefined : read(body, field);
}

export function boolean(body: Body, field: string): boolean {
  const value = body[field];
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false', '必须是 true 或 false');
  return value;
}
