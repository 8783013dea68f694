// Message bodies, raw sources and attachments over HTTP, mounted on the relay's hono app behind
// the relay's own auth (the bridge never decides who may read: the guard does, from the relay's
// auth store). A message is looked up by (mailbox, key), and an attachment only among the
// attachments of that message, so a grant on one mailbox never opens another's blobs. Attachments
// and raw sources the sync left on the server are fetched from IMAP on the first request and kept.
import { Readable } from 'node:stream';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { parseMessage } from '../mime/parse-message.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore } from '../store/bridge-store.ts';
import {
  attachmentId,
  createPartFetcher,
  type OnDemandResult,
  type PartFetcher,
} from '../ingest/fetch-on-demand.ts';

export interface RouteGuard<E extends object> {
  /** 401 without a caller, 403 without a grant on the mailbox the request names. */
  requireMailbox(mailboxOf: (c: Context<E>) => string | undefined): MiddlewareHandler<E>;
}

export interface BridgeRouteDeps {
  store: BridgeStore;
  blobs: BlobStore;
  /** Fetches what the sync left on the server; by default one over `store` and `blobs`. */
  parts?: PartFetcher;
}

async function drain(content: Readable): Promise<{ sha256: string; size: number }> {
  let size = 0;
  for await (const chunk of content as AsyncIterable<Buffer>) size += chunk.length;
  return { sha256: '', size };
}

const notFound = (c: Context) =>
  c.json({ error: { code: 'not_found', message: 'Not found. 未找到。' } }, 404);

/** 404 when unknown or no longer anywhere, 502 when the mail server cannot be reached. */
const failed = (c: Context, result: Exclude<OnDemandResult<unknown>, { ok: true }>) => {
  if (result.reason === 'not-found') return notFound(c);
  if (result.reason === 'gone')
    return c.json(
      {
        error: {
          code: 'gone_from_server',
          message:
            'This file was never downloaded and the message is no longer on the mail server. 该文件未曾下载，邮件已不在邮件服务器上。',
        },
      },
      404,
    );
  return c.json(
    {
      error: {
        code: 'mail_server_unavailable',
        message: 'The mail server could not be reached; try again later. 无法连接邮件服务器，请稍后再试。',
      },
    },
    502,
  );
};

const PRIVATE = {
  'cache-control': 'private, max-age=31536000, immutable',
  'x-content-type-options': 'nosniff',
};

export function mountBridgeRoutes<E extends object>(
  app: Hono<E>,
  guard: RouteGuard<E>,
  deps: BridgeRouteDeps,
): void {
  const base = '/api/mailboxes/:mailboxId/messages/:key';
  const mailboxGuard = guard.requireMailbox((c) => c.req.param('mailboxId'));
  // deps may resolve store and blobs late (the relay starts before the bridge)
  const parts =
    deps.parts ??
    createPartFetcher({
      get store() {
        return deps.store;
      },
      get blobs() {
        return deps.blobs;
      },
    });
  app.use(`${base}`, mailboxGuard);
  app.use(`${base}/*`, mailboxGuard);

  /** The raw source, from SQLite (small) or the file store (large). */
  const rawSource = async (sha256: string): Promise<Readable | undefined> => {
    const inline = deps.store.inlineSource(sha256);
    if (inline) return Readable.from([inline]);
    return (await deps.blobs.has(sha256)) ? deps.blobs.read(sha256) : undefined;
  };

  app.get(base, async (c) => {
    const message = deps.store.messageByKey(c.req.param('mailboxId'), c.req.param('key'));
    if (!message) return notFound(c);
    const { body, ...meta } = message;
    let html: string | undefined;
    const source = body?.hasHtml ? await rawSource(body.rawSha256) : undefined;
    // attachments were stored at ingest; this parse only wants the HTML
    if (source) html = (await parseMessage(source, { storeAttachment: drain })).html;
    return c.json(
      {
        key: meta.key,
        messageId: meta.messageId,
        subject: meta.subject,
        from: meta.from,
        to: meta.to,
        cc: meta.cc,
        date: meta.date,
        threadId: meta.threadId,
        bodyState: body ? 'stored' : 'pending',
        text: body?.text,
        html,
        attachments: (body?.attachments ?? []).map((a) => ({ ...a, id: attachmentId(a) })),
        parseError: body?.parseError,
      },
      200,
      { 'cache-control': 'private, no-cache', 'x-content-type-options': 'nosniff' },
    );
  });

  app.get(`${base}/raw`, async (c) => {
    const raw = await parts.raw(c.req.param('mailboxId'), c.req.param('key'));
    if (!raw.ok) return failed(c, raw);
    const source = await rawSource(raw.value);
    if (!source) return notFound(c);
    return new Response(Readable.toWeb(source) as ReadableStream, {
      headers: { ...PRIVATE, 'content-type': 'message/rfc822' },
    });
  });

  // :id is the attachment's sha256, or `part-<n>` for one not fetched when the doc was written
  app.get(`${base}/attachments/:id`, async (c) => {
    const found = await parts.attachment(c.req.param('mailboxId'), c.req.param('key'), c.req.param('id'));
    if (!found.ok) return failed(c, found);
    const attachment = found.value;
    const filename = attachment.filename ?? 'attachment';
    return new Response(Readable.toWeb(deps.blobs.read(attachment.sha256)) as ReadableStream, {
      headers: {
        ...PRIVATE,
        // served as a download, never rendered in the app's origin
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
        'content-length': String(attachment.size),
      },
    });
  });
}
