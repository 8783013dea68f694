// MIME → message record. The only I/O is the source stream and the attachment sink the caller
// passes in; everything else is decided here from bytes. Streaming (mailparser's MailParser):
// attachment content flows to the sink as it is decoded, so a 30 MB attachment never sits in
// memory; text parts are held (capped) because the record carries them.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { MailParser, parseAddressHeader, type AttachmentStream, type MessageText } from 'mailparser';
import { decodeBytes } from './charset.ts';
import { charsetsIn, decodeEncodedWords, rawHeaderValue } from './headers.ts';

export interface Address {
  name: string;
  address: string;
}

export interface AttachmentInfo {
  /** IMAP part number, for fetching the part again on demand. */
  partId: string | null;
  filename: string | undefined;
  contentType: string;
  size: number;
  sha256: string;
  contentId: string | undefined;
  /** Shown in the body (cid: image) rather than listed as a file. */
  inline: boolean;
}

export interface ParsedMessage {
  /** Angle brackets included, as in the header; undefined when the message has none. */
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  subject: string;
  from: Address | undefined;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** Epoch ms of the Date header; undefined when missing or unparseable. */
  date: number | undefined;
  text: string | undefined;
  html: string | undefined;
  snippet: string;
  attachments: AttachmentInfo[];
  /** Set when the MIME structure could not be parsed; the raw source is all there is. */
  parseError: string | undefined;
}

export interface ParseDeps {
  /** Consumes the stream fully (e.g. into the content-addressed store) and reports what it wrote. */
  storeAttachment(
    content: Readable,
    info: { filename?: string; contentType: string },
  ): Promise<{
    sha256: string;
    size: number;
  }>;
}

/**
 * Parsing a skeleton (skeleton.ts): its attachments arrive without their bytes, which stay on the
 * server until asked for, so nothing is stored for them (sha256 ''); a part that does carry bytes
 * is stored as usual. Writing each empty part cost a file per attachment (bench/ingest).
 */
export function skeletonDeps(deps: ParseDeps): ParseDeps {
  return {
    async storeAttachment(content, info) {
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(chunk as Buffer);
      if (chunks.every((c) => c.length === 0)) return { sha256: '', size: 0 };
      return deps.storeAttachment(Readable.from(chunks), info);
    },
  };
}

/** Text bodies above this are truncated in the record; the raw source keeps everything. */
export const MAX_TEXT_CHARS = 2_000_000;
const HINT_PREFIX_BYTES = 64 * 1024;
const SNIPPET_CHARS = 200;

export async function parseMessage(source: Readable | Uint8Array, deps: ParseDeps): Promise<ParsedMessage> {
  const input = source instanceof Readable ? source : Readable.from([Buffer.from(source)]);
  const prefix: Buffer[] = [];
  let prefixLength = 0;
  // charsets named anywhere near the top of the message: hints for bytes that name none
  const hints = (): string[] => charsetsIn(Buffer.concat(prefix).toString('latin1'));
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (prefixLength < HINT_PREFIX_BYTES) {
        prefix.push(chunk.subarray(0, HINT_PREFIX_BYTES - prefixLength));
        prefixLength += Math.min(chunk.length, HINT_PREFIX_BYTES - prefixLength);
      }
      done(null, chunk);
    },
  });

  const parser = new MailParser({
    Iconv: fallbackIconv(hints),
    skipTextToHtml: true,
    // the blob store hashes what it writes; a second hash here is wasted work
    checksumAlgo: false,
    maxChildNodes: 1000,
  });
  let headerLines: readonly { key: string; line: string }[] = [];
  parser.on('headerLines', (lines: readonly { key: string; line: string }[]) => {
    headerLines = lines;
  });

  const attachments: AttachmentInfo[] = [];
  const pending: Promise<void>[] = [];
  const open = new Set<Readable>();
  let body: MessageText | undefined;
  let parseError: string | undefined;

  await new Promise<void>((resolve) => {
    const fail = (err: unknown) => {
      parseError ??= err instanceof Error ? err.message : String(err);
      // a sink waiting on an attachment stream that will never end would hang the parse
      for (const stream of open) stream.destroy();
      input.unpipe(tap);
      tap.unpipe(parser);
      input.resume();
      resolve();
    };
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        body = data;
        return;
      }
      open.add(data.content);
      data.content.once('close', () => open.delete(data.content));
      const info = { contentType: data.contentType, ...(data.filename ? { filename: data.filename } : {}) };
      pending.push(
        deps.storeAttachment(data.content, info).then(
          ({ sha256, size }) => {
            attachments.push({
              partId: data.partId,
              filename: data.filename,
              contentType: data.contentType,
              size,
              sha256,
              contentId: data.cid,
              inline:
                data.related === true || (data.contentDisposition === 'inline' && data.cid !== undefined),
            });
            data.release?.();
          },
          (err: unknown) => {
            data.release?.();
            fail(err);
          },
        ),
      );
    });
    parser.on('error', fail);
    input.on('error', fail);
    parser.on('end', () => resolve());
    input.pipe(tap).pipe(parser);
  });
  await Promise.allSettled(pending);
  attachments.sort((a, b) => (a.partId ?? '').localeCompare(b.partId ?? '', 'en', { numeric: true }));

  const headers = readHeaders(headerLines, hints());
  const text = cap(body?.text);
  return {
    ...headers,
    text,
    html: cap(body?.html),
    snippet: snippetOf(text ?? htmlToSnippetText((body?.html || '').slice(0, 64 * 1024))),
    attachments,
    parseError,
  };
}

type HeaderFields = Pick<
  ParsedMessage,
  'messageId' | 'inReplyTo' | 'references' | 'subject' | 'from' | 'to' | 'cc' | 'replyTo' | 'date'
>;

export function readHeaders(
  lines: readonly { key: string; line: string }[],
  hints: readonly string[],
): HeaderFields {
  const first = (key: string) => lines.find((l) => l.key === key);
  const all = (key: string) => lines.filter((l) => l.key === key);
  const text = (key: string) => {
    const line = first(key);
    return line ? decodeEncodedWords(rawHeaderValue(line.line, hints), hints).trim() : undefined;
  };
  const addresses = (key: string): Address[] => {
    const values = all(key).map((l) => rawHeaderValue(l.line, hints));
    if (values.length === 0) return [];
    return flattenAddresses(parseAddressHeader(values, { flatten: true }).value, hints);
  };
  const ids = (key: string) => (text(key)?.match(/<[^<>\s]+>/g) ?? []).map((id) => id);
  const date = text('date');
  const parsedDate = date === undefined ? NaN : Date.parse(date.replace(/\s*\([^)]*\)\s*$/, ''));
  return {
    messageId: ids('message-id')[0] ?? bareId(text('message-id')),
    inReplyTo: ids('in-reply-to')[0],
    references: ids('references'),
    subject: text('subject') ?? '',
    from: addresses('from')[0],
    to: addresses('to'),
    cc: addresses('cc'),
    replyTo: addresses('reply-to'),
    date: Number.isNaN(parsedDate) ? undefined : parsedDate,
  };
}

function bareId(value: string | undefined): string | undefined {
  const id = value?.trim();
  return id && /^[^\s<>]+@[^\s<>]+$/.test(id) ? `<${id}>` : undefined;
}

function flattenAddresses(
  list: readonly { name: string; address?: string; group?: unknown[] }[],
  hints: readonly string[],
): Address[] {
  const out: Address[] = [];
  for (const entry of list) {
    if (!entry.address) continue;
    // parseAddressHeader decoded encoded words with libmime already; decode again only if it left
    // one behind (a charset libmime does not know)
    const name = entry.name.includes('=?') ? decodeEncodedWords(entry.name, hints) : entry.name;
    out.push({ name: name.trim(), address: entry.address.toLowerCase() });
  }
  return out;
}

function cap(text: string | false | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}

function htmlToSnippetText(html: string): string {
  return html
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

function snippetOf(text: string): string {
  // only the head is needed; normalising a whole 2 MB body for 200 characters was measurable
  return text
    .slice(0, SNIPPET_CHARS * 8)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, SNIPPET_CHARS);
}

/**
 * mailparser's `Iconv` option is the one hook into how it decodes text bodies: it is given the
 * declared charset of every non-UTF-8 text part. This "Iconv" buffers the part and decodes it with
 * the fallbacks, so a gb2312 label on GBK bytes or an iso-8859-1 label on UTF-8 reads correctly.
 */
function fallbackIconv(hints: () => string[]) {
  return class FallbackDecoder extends Transform {
    readonly #charset: string;
    readonly #chunks: Buffer[] = [];
    constructor(fromCharset: string, _toCharset: string) {
      super();
      this.#charset = fromCharset;
    }
    override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      this.#chunks.push(chunk);
      done();
    }
    override _flush(done: TransformCallback) {
      done(
        null,
        Buffer.from(decodeBytes(Buffer.concat(this.#chunks), { declared: this.#charset, hints: hints() })),
      );
    }
  };
}
