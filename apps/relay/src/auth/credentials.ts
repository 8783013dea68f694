// Where a request carries its credentials: the session cookie, an `Authorization: Bearer`
// header, or (websocket URLs only, since browsers cannot set headers there) `?token=`.
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'wharf_session';

export interface Credentials {
  session?: string | undefined;
  bearer?: string | undefined;
}

export function sessionFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

export function bearerFromHeader(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** Credentials of a websocket upgrade request. */
export function upgradeCredentials(req: IncomingMessage): Credentials {
  const query = new URL(req.url ?? '/', 'http://relay.invalid').searchParams.get('token') ?? undefined;
  return {
    session: sessionFromCookieHeader(req.headers.cookie),
    bearer: bearerFromHeader(req.headers.authorization) ?? query,
  };
}
