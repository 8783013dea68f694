// Security headers for every response, and the CSRF rule for mutations: a browser form or a
// cross-site fetch cannot send `Content-Type: application/json` (or a custom header) without a
// CORS preflight, which this relay never grants; a present Origin must be our own host.
import type { MiddlewareHandler } from 'hono';
import { bearerFromHeader } from '../auth/index.ts';
import { errorResponse } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** For non-JSON uploads from the web app (e.g. attachments), in place of the JSON content type. */
export const CSRF_HEADER = 'x-wharf-csrf';

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'SAMEORIGIN');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (new URL(c.req.url).pathname.startsWith('/api/')) {
    c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    c.header('Cache-Control', 'no-store');
  }
};

export const csrfDefence: MiddlewareHandler = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  // Bearer tokens are not sent by browsers on their own, so such requests cannot be forged.
  if (bearerFromHeader(c.req.header('authorization'))) return next();
  const origin = c.req.header('origin');
  if (origin !== undefined && !sameHost(origin, c.req.header('host'))) return errorResponse(c, 'bad_origin');
  const type = c.req.header('content-type') ?? '';
  const isJson = /^application\/json\s*(;|$)/i.test(type);
  if (!isJson && c.req.header(CSRF_HEADER) !== '1') return errorResponse(c, 'unsupported_media_type');
  return next();
};

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
