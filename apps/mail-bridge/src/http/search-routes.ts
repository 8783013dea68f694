// GET /api/search: the archive index (FTS5 in the bridge's store), mounted on the relay's app. The
// relay decides who is calling and what they may read; the index never returns a hit outside the
// mailboxes it is given. POST/GET /api/search/rebuild (admins): rebuild the index from the store and
// read its progress.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { MailboxId } from '@wharf/model';
import type { ValueField } from '@wharf/search';
import type { BridgeStore } from '../store/bridge-store.ts';
import type { RebuildStatus } from '../search/search-rebuild.ts';

export interface SearchRouteGuard<E extends object> {
  requireRole(...roles: ('admin' | 'manager' | 'member')[]): MiddlewareHandler<E>;
  /** 'all' (admins) or the caller's mailbox grants. */
  callerMailboxes(c: Context<E>): 'all' | readonly string[] | undefined;
}

export interface SearchRouteDeps {
  readonly store: BridgeStore;
  /** Maps typed names and addresses to stored ids (assignee:, customer:, mailbox:). */
  readonly search?: {
    resolveValue(field: ValueField, value: string): string[];
    startRebuild(): boolean;
    rebuildStatus(): RebuildStatus;
  };
}

const MAX_QUERY = 500;
const MAX_LIMIT = 100;

const badRequest = (c: Context, message: string) => c.json({ error: { code: 'bad_request', message } }, 400);
const ONLY_ADMINS = 'Only an admin may rebuild the search index. 只有管理员可以重建搜索索引。';
const RUNNING = 'A rebuild of the search index is already running. 搜索索引正在重建中。';

export function mountSearchRoutes<E extends object>(
  app: Hono<E>,
  guard: SearchRouteGuard<E>,
  deps: SearchRouteDeps,
): void {
  app.use('/api/search', guard.requireRole('admin', 'manager', 'member'));
  app.get('/api/search', (c) => {
    const q = c.req.query('q') ?? '';
    if (q.trim() === '') return badRequest(c, 'The query is empty. 搜索内容为空。');
    if (q.length > MAX_QUERY)
      return badRequest(
        c,
        `The query is longer than ${MAX_QUERY} characters. 搜索内容超过 ${MAX_QUERY} 个字符。`,
      );
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 20 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return badRequest(c, `limit must be 1–${MAX_LIMIT}. limit 须在 1 到 ${MAX_LIMIT} 之间。`);
    const offsetText = c.req.query('offset');
    const offset = offsetText === undefined ? 0 : Number(offsetText);
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000)
      return badRequest(c, 'offset must be 0–10000. offset 须在 0 到 10000 之间。');
    const tzText = c.req.query('tz');
    const tz = tzText === undefined ? 0 : Number(tzText);
    if (!Number.isInteger(tz) || Math.abs(tz) > 14 * 60)
      return badRequest(c, 'tz must be minutes east of UTC. tz 须为相对 UTC 的分钟数。');

    const granted = guard.callerMailboxes(c) ?? [];
    const readable = (
      granted === 'all' ? deps.store.listMailboxes().map((m) => m.id) : granted
    ) as readonly MailboxId[];
    // Comments and notes are in the thread docs, which everyone who reads the mailbox may read
    // (docAccess): internal content is searched in exactly the readable mailboxes.
    const search = deps.search;
    const result = deps.store.search(
      q,
      { readable, internal: readable },
      {
        limit,
        offset,
        prefixLast: c.req.query('typing') === '1',
        timeZoneOffsetMinutes: tz,
        ...(search ? { resolveValue: (field, value) => search.resolveValue(field, value) } : {}),
      },
    );
    return c.json(result, 200, { 'cache-control': 'private, no-store' });
  });

  // requireRole admits every role; the admin check is here so the 403 says why (callerMailboxes
  // is 'all' for admins only: services never pass requireRole)
  app.use('/api/search/rebuild', guard.requireRole('admin', 'manager', 'member'));
  const rebuildGuard = (c: Context<E>) =>
    guard.callerMailboxes(c) === 'all'
      ? undefined
      : c.json({ error: { code: 'forbidden', message: ONLY_ADMINS } }, 403);
  app.post('/api/search/rebuild', (c) => {
    const refused = rebuildGuard(c);
    if (refused) return refused;
    const search = deps.search!;
    if (!search.startRebuild())
      return c.json(
        { error: { code: 'rebuild_running', message: RUNNING }, status: search.rebuildStatus() },
        409,
      );
    return c.json({ status: search.rebuildStatus() }, 202);
  });
  app.get('/api/search/rebuild', (c) => {
    const refused = rebuildGuard(c);
    if (refused) return refused;
    return c.json({ status: deps.search!.rebuildStatus() }, 200, { 'cache-control': 'no-store' });
  });
}
