// The relay's REST API (contract: /tmp/rest-contract.md, kept in apps/relay/src/http). Same
// origin, session cookie; JSON bodies (the relay's CSRF rule needs the JSON content type).
import type { Role } from '@wharf/model';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  mailboxes: string[];
}

/** What a person types to create an account (setup, invitation) or, without the name, to sign in. */
export interface Credentials {
  name: string;
  email: string;
  password: string;
}

export interface MemberInfo extends SessionUser {
  active: boolean;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Thrown when the relay cannot be reached at all (offline, relay down). */
export class NetworkError extends Error {}

export async function call<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: init.json === undefined ? {} : { 'content-type': 'application/json' },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText);
  }
  return body as T;
}

export interface ServerInput {
  host: string;
  port: number;
  secure: boolean;
}

export interface MailboxInput {
  id: string;
  address: string;
  displayName: string;
  password: string;
  /** A provider preset id (gmail, outlook, qq, 163, 126, aliyun, exmail) or 'custom'. */
  provider: string;
  username?: string;
  imap?: ServerInput;
  smtp?: ServerInput;
  /** Mail older than this many days when first imported is closed history (model SPEC [ST4]). */
  openDays?: number;
}

export interface ConnectedMailbox {
  id: string;
  address: string;
  displayName: string;
  provider: string;
  paused: boolean;
}

export type ConnectionTest =
  | { ok: true }
  | { ok: false; stage?: string; failure?: { kind: string; message: { en: string; zh: string } } };

export const relayApi = {
  needsSetup: async () => (await call<{ needsSetup: boolean }>('/api/setup')).needsSetup,
  setup: async (input: { workspaceName: string; name: string; email: string; password: string }) =>
    (await call<{ user: SessionUser }>('/api/setup', { json: input })).user,
  login: async (input: { email: string; password: string }) =>
    (await call<{ user: SessionUser }>('/api/login', { json: input })).user,
  logout: () => call<unknown>('/api/logout', { json: {} }),
  /** The signed-in user, or undefined when there is no valid session. */
  me: async (): Promise<SessionUser | undefined> => {
    try {
      return (await call<{ user: SessionUser }>('/api/me')).user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return undefined;
      throw error;
    }
  },
  members: async () => (await call<{ members: MemberInfo[] }>('/api/members')).members,
  createInvite: (input: { email?: string; role: Role; mailboxes: string[] }) =>
    call<{ token: string; url: string }>('/api/invites', { json: input }),
  invite: (token: string) =>
    call<{ email: string | null; role: Role; valid: boolean }>(`/api/invites/${encodeURIComponent(token)}`),
  /** The mail bridge's mailbox admin API (mounted on the relay, admin only). */
  mailboxes: async () => (await call<{ mailboxes: ConnectedMailbox[] }>('/api/bridge/mailboxes')).mailboxes,
  addMailbox: async (input: MailboxInput) =>
    (await call<{ mailbox: ConnectedMailbox }>('/api/bridge/mailboxes', { json: input })).mailbox,
  testMailbox: (id: string) =>
    call<ConnectionTest>(`/api/bridge/mailboxes/${encodeURIComponent(id)}/test`, { json: {} }),
  acceptInvite: async (token: string, input: { name: string; email: string; password: string }) =>
    (
      await call<{ user: SessionUser }>(`/api/invites/${encodeURIComponent(token)}/accept`, {
        json: input,
      })
    ).user,
};
