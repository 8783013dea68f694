// Files to attach to outgoing mail: the web app uploads the bytes here (through the relay, behind
// its mailbox guard: only someone who may use the mailbox uploads for it), they go into the
// content-addressed blob store, and the outbox entry names them by sha256 (model SPEC [OB5]).
// POST /api/mailboxes/:mailboxId/uploads?name=<file name>  body: the raw bytes,
// Content-Type: the file's type, x-wharf-csrf: 1 (the relay's CSRF rule for non-JSON bodies).
import { Readable, Transform } from 'node:stream';
import type { Context, Hono } from 'hono';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore, UploadRecord } from '../store/bridge-store.ts';
import type { RouteGuard } from './bridge-routes.ts';

export interface UploadRouteDeps {
  store: BridgeStore;
  blobs: BlobStore;
  /** Largest file accepted, in bytes (default 25 MB, what most providers accept in one message). */
  maxBytes?: number;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const refuse = (c: Context, status: 400 | 413, code: string, en: string, zh: string) =>
  c.json({ error: { code, message: `${en}. ${zh}` } }, status);

class TooLarge extends Error {}

/** File names as shown to the recipient: no paths, no control characters, at most 200 characters. */
function cleanName(raw: string | undefined): string | undefined {
  const name = (raw ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return name === '' || name === '.' || name === '..' ? undefined : name;
}

export function mountUploadRoutes<E extends object>(
  app: Hono<E>,
  guard: RouteGuard<E>,
  deps: UploadRouteDeps,
): void {
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const path = '/api/mailboxes/:mailboxId/uploads';
  app.use(
    path,
    guard.requireMailbox((c) => c.req.param('mailboxId')),
  );

  app.post(path, async (c) => {
    const mailboxId = c.req.param('mailboxId');
    if (!deps.store.getMailbox(mailboxId))
      return c.json({ error: { code: 'not_found', message: 'Not found. 未找到。' } }, 404);
    const filename = cleanName(c.req.query('name'));
    if (!filename)
      return refuse(c, 400, 'invalid_input', 'Give the file a name (?name=)', '请提供文件名（?name=）');
    const declared = Number(c.req.header('content-length') ?? NaN);
    const tooLarge = () =>
      refuse(
        c,
        413,
        'payload_too_large',
        `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
        `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB`,
      );
    if (declared > maxBytes) return tooLarge();
    const body = c.req.raw.body;
    if (!body || declared === 0) return refuse(c, 400, 'invalid_input', 'The file is empty', '文件为空');
    let size = 0;
    // counts while streaming into the store: a body without (or lying about) Content-Length is
    // cut off at the limit, never buffered whole
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(size > maxBytes ? new TooLarge() : null, chunk);
      },
    });
    let stored: { sha256: string; size: number };
    try {
      stored = await deps.blobs.put(
        Readable.fromWeb(body as import('node:stream/web').ReadableStream).pipe(limit),
      );
    } catch (error) {
      if (error instanceof TooLarge) return tooLarge();
      throw error;
    }
    if (stored.size === 0) return refuse(c, 400, 'invalid_input', 'The file is empty', '文件为空');
    const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(c.req.header('content-type')?.split(';')[0]?.trim() ?? '')
      ? c.req.header('content-type')!.split(';')[0]!.trim().toLowerCase()
      : 'application/octet-stream';
    const upload: UploadRecord = { sha256: stored.sha256, filename, contentType, size: stored.size };
    deps.store.recordUpload(mailboxId, upload);
    return c.json(upload, 201);
  });
}
