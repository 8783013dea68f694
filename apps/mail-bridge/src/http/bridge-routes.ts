// Message bodies, raw sources and attachments over HTTP, mounted on the relay's hono app behind
// the relay's own auth (the bridge never decides who may read: the guard does, from the relay's
// auth store). A message is looked up by (mailbox, key), and an attachment only among the
// attachments of that message, so a grant on one mailbox never opens another's blobs.
import { Readable } from 'node:stream';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { parseMessage } from '../mime/parse-message.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore } from '../store/bridge-store.ts';

export interface RouteGuard<E extends object> {
  /** 401 without a caller, 403 without a grant on the mailbox the request names. */
  requireMailbox(mailboxOf: (c: Context<E>) => string | undefined): MiddlewareHandler<E>;
}

export interface BridgeRouteDeps {
  store: BridgeStore;
  blobs: BlobStore;
}

async function drain(content: Readable): Promise<{ sha256: string; size: number }> {
  let size = 0;
  for await (const chunk of content as AsyncIterable<Buffer>) size += chunk.length;
  return { sha256: '', size };
}

const notFound = (c: Context) =>
  c.json({ error: { code: 'not_found', message: 'Not found. 未找到。' } }, 404);

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
        attachments: body?.attachments ?? [],
        parseError: body?.parseError,
      },
      200,
      { 'cache-control': 'private, no-cache', 'x-content-type-options': 'nosniff' },
    );
  });

  app.get(`${base}/raw`, async (c) => {
    const message = deps.store.messageByKey(c.req.param('mailboxId'), c.req.param('key'));
    const source = message?.body?.rawSha256 ? await rawSource(message.body.rawSha256) : undefined;
    if (!source) return notFound(c);
    return new Response(Readable.toWeb(source) as ReadableStream, {
      headers: { ...PRIVATE, 'content-type': 'message/rfc822' },
    });
  });

  app.get(`${base}/attachments/:sha256`, async (c) => {
    const message = deps.store.messageByKey(c.req.param('mailboxId'), c.req.param('key'));
    const attachment = message?.body?.attachments.find((a) => a.sha256 === c.req.param('sha256'));
    if (!attachment || !(await deps.blobs.has(attachment.sha256))) return notFound(c);
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
