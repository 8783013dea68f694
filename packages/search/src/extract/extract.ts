// Attachment text for the archive index (Node side). Never throws: a bad, huge or slow file yields an
// error value and the message is indexed without that attachment's text.
import { docxText } from './docx.ts';
import { pdfText } from './pdf.ts';
import { charsetOf, decodeText } from './text.ts';
import { xlsxText } from './xlsx.ts';

export type AttachmentKind = 'pdf' | 'docx' | 'xlsx' | 'text';

export interface AttachmentInput {
  readonly filename: string;
  readonly contentType?: string | null;
  readonly data: Uint8Array;
}

export type ExtractResult =
  | { readonly ok: true; readonly kind: AttachmentKind; readonly text: string; readonly truncated: boolean }
  | {
      readonly ok: false;
      readonly error: 'unsupported' | 'too-large' | 'timeout' | 'failed';
      readonly message: string;
    };

/** Timers are injected (house rule); `systemTimers` is the real one. */
export interface Timers {
  after(ms: number, fn: () => void): () => void;
}

/** One parser per kind: bytes → text. */
export type Parsers = Readonly<
  Record<AttachmentKind, (data: Uint8Array, maxChars: number) => Promise<string>>
>;

const PARSERS: Parsers = {
  pdf: (data) => pdfText(data),
  docx: (data) => docxText(data),
  xlsx: (data, maxChars) => xlsxText(data, maxChars),
  text: () => Promise.reject(new Error('text is decoded with its charset')),
};

export interface ExtractorDeps {
  readonly timers: Timers;
  /** Replaces parsers (tests: a parser that never returns or eats memory). */
  readonly parsers?: Partial<Parsers>;
  /** Input bytes above this are not parsed. Default 20 MB. */
  readonly maxBytes?: number;
  /** Extracted text is cut here. Default 1,000,000 characters. */
  readonly maxChars?: number;
  /** Give up waiting after this. Default 10 s. */
  readonly timeLimitMs?: number;
}

export type AttachmentExtractor = (input: AttachmentInput) => Promise<ExtractResult>;

const MIME: Readonly<Record<string, AttachmentKind>> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/plain': 'text',
  'text/csv': 'text',
  'text/tab-separated-values': 'text',
  'application/csv': 'text',
};
const EXT: Readonly<Record<string, AttachmentKind>> = {
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  txt: 'text',
  csv: 'text',
  tsv: 'text',
  log: 'text',
  md: 'text',
};

/**
 * What a file claims to be by its type and name alone, before its bytes are at hand (the mail
 * bridge fetches only such attachments from IMAP during sync, to index their text).
 */
export function attachmentKindByName(filename: string, contentType?: string | null): AttachmentKind | null {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return MIME[mime] ?? EXT[ext] ?? null;
}

export function attachmentKind(input: AttachmentInput): AttachmentKind | null {
  const d = input.data;
  if (d[0] === 0x25 && d[1] === 0x50 && d[2] === 0x44 && d[3] === 0x46) return 'pdf'; // %PDF
  const kind = attachmentKindByName(input.filename, input.contentType);
  const isZip = d[0] === 0x50 && d[1] === 0x4b; // PK: docx and xlsx are zip files
  if ((kind === 'docx' || kind === 'xlsx') && !isZip) return null;
  if (kind === 'pdf') return null; // claims PDF without the %PDF header
  return kind;
}

export function createAttachmentExtractor(deps: ExtractorDeps): AttachmentExtractor {
  const maxBytes = deps.maxBytes ?? 20 * 1024 * 1024;
  const maxChars = deps.maxChars ?? 1_000_000;
  const timeLimitMs = deps.timeLimitMs ?? 10_000;

  const parsers: Parsers = { ...PARSERS, ...deps.parsers };
  const run = async (kind: AttachmentKind, input: AttachmentInput): Promise<string> =>
    kind === 'text' && !deps.parsers?.text
      ? decodeText(input.data, charsetOf(input.contentType))
      : parsers[kind](input.data, maxChars);

  return async (input) => {
    const kind = attachmentKind(input);
    if (!kind) return { ok: false, error: 'unsupported', message: `no text extractor for ${input.filename}` };
    if (input.data.byteLength > maxBytes)
      return { ok: false, error: 'too-large', message: `${input.data.byteLength} bytes > ${maxBytes}` };
    let cancel = () => {};
    // On this thread the parsers cannot be interrupted: on timeout we stop waiting and drop their
    // result. createWorkerExtractor runs this in a worker it terminates instead.
    const timeout = new Promise<ExtractResult>((resolve) => {
      cancel = deps.timers.after(timeLimitMs, () =>
        resolve({ ok: false, error: 'timeout', message: `gave up after ${timeLimitMs} ms` }),
      );
    });
    const work = run(kind, input).then(
      (raw): ExtractResult => {
        const text = raw.split('\u0000').join('');
        const truncated = text.length > maxChars;
        return { ok: true, kind, text: truncated ? text.slice(0, maxChars) : text, truncated };
      },
      (error: unknown): ExtractResult => ({
        ok: false,
        error: 'failed',
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    try {
      return await Promise.race([work, timeout]);
    } finally {
      cancel();
    }
  };
}
