// The admin's mailbox API, mounted on the relay next to the body routes: add (from a provider
// preset or explicit servers), edit, pause, remove, test the connection, and read sync progress.
// Passwords go into the bridge store sealed; no response ever contains one.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { isValidId } from '@wharf/model';
import type { MailboxProgress } from '../imap/mailbox-sync.ts';
import { presetById } from '../mailboxes/presets.ts';
import { testConnection, type ConnectionTestResult } from '../mailboxes/test-connection.ts';
import type { BridgeStore, MailboxSettings } from '../store/bridge-store.ts';

export interface MailboxRouteGuard<E extends object> {
  requireRole(...roles: ('admin' | 'manager' | 'member')[]): MiddlewareHandler<E>;
  requireMailbox(mailboxOf: (c: Context<E>) => string | undefined): MiddlewareHandler<E>;
}

export interface MailboxRouteDeps {
  store: BridgeStore;
  /** Starts, restarts or stops syncs after a change, and publishes the public part to the workspace doc. */
  changed(mailboxId: string): Promise<void>;
  progress(mailboxId: string): MailboxProgress | undefined;
  test?: (settings: MailboxSettings, password: string) => Promise<ConnectionTestResult>;
}

interface ServerInput {
  host?: unknown;
  port?: unknown;
  secure?: unknown;
}

const fail = (c: Context, status: 400 | 404 | 409 | 422, code: string, message: string, extra: object = {}) =>
  c.json({ error: { code, message, ...extra } }, status);

function server(
  input: unknown,
  fallback: MailboxSettings['imap'] | undefined,
): MailboxSettings['imap'] | undefined {
  const s = (typeof input === 'object' && input !== null ? input : {}) as ServerInput;
  const host = typeof s.host === 'string' && s.host.trim() !== '' ? s.host.trim() : fallback?.host;
  const port =
    typeof s.port === 'number' && Number.isInteger(s.port) && s.port > 0 && s.port < 65536
      ? s.port
      : fallback?.port;
  const secure = typeof s.secure === 'boolean' ? s.secure : fallback?.secure;
  return host && port && secure !== undefined ? { host, port, secure } : undefined;
}

const publicView = (m: MailboxSettings) => ({ ...m });

/** `openDays` from a request: absent, a whole number of days up to ten years, or invalid. */
function openDaysOf(value: unknown): { openDays?: number } | 'invalid' {
  if (value === undefined) return {};
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 3650
    ? { openDays: value as number }
    : 'invalid';
}
const OPEN_DAYS_INVALID =
  'openDays must be a whole number of days from 1 to 3650. openDays 须为 1 到 3650 之间的整数天数。';

export function mountMailboxRoutes<E extends object>(
  app: Hono<E>,
  guard: MailboxRouteGuard<E>,
  deps: MailboxRouteDeps,
) {
  const admin = guard.requireRole('admin');
  const test = deps.test ?? ((s: MailboxSettings, password: string) => testConnection(s, password));

  app.get('/api/bridge/mailboxes', admin, (c) =>
    c.json({ mailboxes: deps.store.listMailboxes().map(publicView) }),
  );

  app.post('/api/bridge/mailboxes', admin, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const id = typeof body.id === 'string' ? body.id : '';
    const address = typeof body.address === 'string' ? body.address.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!isValidId(id) || !/^[^\s@]+@[^\s@]+$/.test(address) || password === '')
      return fail(
        c,
        400,
        'invalid_input',
        'id, address and password are required. 请填写邮箱 ID、地址和密码。',
      );
    if (deps.store.getMailbox(id))
      return fail(c, 409, 'exists', 'This mailbox exists already. 该邮箱已存在。');
    const openDays = openDaysOf(body.openDays);
    if (openDays === 'invalid') return fail(c, 400, 'invalid_input', OPEN_DAYS_INVALID);
    const preset = typeof body.provider === 'string' ? presetById(body.provider) : undefined;
    const imap = server(body.imap, preset?.imap);
    const smtp = server(body.smtp, preset?.smtp);
    if (!imap || !smtp)
      return fail(
        c,
        400,
        'invalid_input',
        'IMAP and SMTP servers are required. 请填写 IMAP 与 SMTP 服务器。',
      );
    const settings: MailboxSettings = {
      id,
      address,
      displayName:
        typeof body.displayName === 'string' && body.displayName.trim() ? body.displayName.trim() : address,
      provider: preset?.id ?? 'custom',
      imap,
      smtp,
      username: typeof body.username === 'string' && body.username ? body.username : address,
      extraFolders: Array.isArray(body.extraFolders)
        ? body.extraFolders.filter((f) => typeof f === 'string')
        : [],
      paused: false,
      ...(typeof body.signature === 'string' ? { signature: body.signature } : {}),
      ...(typeof body.sendAsVia === 'boolean' ? { sendAsVia: body.sendAsVia } : {}),
      ...openDays,
    };
    if (body.test !== false) {
      const result = await test(settings, password);
      if (!result.ok)
        return fail(
          c,
          422,
          `connection_${result.failure.kind}`,
          `${result.failure.message.en} ${result.failure.message.zh}`,
          {
            stage: result.stage,
            ...(result.failure.kind === 'app-password-needed' && preset
              ? { hint: preset.appPasswordHint }
              : {}),
          },
        );
    }
    deps.store.addMailbox(settings, { password });
    await deps.changed(id);
    return c.json({ mailbox: publicView(settings) }, 201);
  });

  app.patch('/api/bridge/mailboxes/:id', admin, async (c) => {
    const current = deps.store.getMailbox(c.req.param('id'));
    if (!current) return fail(c, 404, 'not_found', 'Not found. 未找到。');
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const openDays = openDaysOf(body.openDays);
    if (openDays === 'invalid') return fail(c, 400, 'invalid_input', OPEN_DAYS_INVALID);
    const next: MailboxSettings = {
      ...current,
      ...openDays,
      ...(typeof body.displayName === 'string' ? { displayName: body.displayName } : {}),
      ...(typeof body.paused === 'boolean' ? { paused: body.paused } : {}),
      ...(typeof body.signature === 'string' ? { signature: body.signature } : {}),
      ...(typeof body.sendAsVia === 'boolean' ? { sendAsVia: body.sendAsVia } : {}),
      ...(Array.isArray(body.extraFolders)
        ? { extraFolders: body.extraFolders.filter((f): f is string => typeof f === 'string') }
        : {}),
      imap: server(body.imap, current.imap) ?? current.imap,
      smtp: server(body.smtp, current.smtp) ?? current.smtp,
    };
    const password = typeof body.password === 'string' && body.password !== '' ? body.password : undefined;
    deps.store.updateMailbox(next, password === undefined ? undefined : { password });
    await deps.changed(next.id);
    return c.json({ mailbox: publicView(next) });
  });

  app.delete('/api/bridge/mailboxes/:id', admin, async (c) => {
    const id = c.req.param('id');
    if (!deps.store.getMailbox(id)) return fail(c, 404, 'not_found', 'Not found. 未找到。');
    deps.store.removeMailbox(id);
    await deps.changed(id);
    return c.body(null, 204);
  });

  app.post('/api/bridge/mailboxes/:id/test', admin, async (c) => {
    const mailbox = deps.store.getMailbox(c.req.param('id'));
    if (!mailbox) return fail(c, 404, 'not_found', 'Not found. 未找到。');
    return c.json(await test(mailbox, deps.store.credentials(mailbox.id).password));
  });

  app.get(
    '/api/bridge/mailboxes/:id/progress',
    guard.requireMailbox((c) => c.req.param('id')),
    (c) => {
      const progress = deps.progress(c.req.param('id'));
      return progress ? c.json({ progress }) : fail(c, 404, 'not_found', 'Not syncing. 未在同步。');
    },
  );
}
