// Pure core: header values from raw header lines, decoded with the charset fallbacks of
// charset.ts. mailparser reads raw 8-bit header bytes as UTF-8 (GBK subjects become U+FFFD soup)
// and trusts the charset of every encoded word, so the headers a person reads are decoded here.
import { decodeBytes } from './charset.ts';

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=/g;

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  const qp = text.replace(/_/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < qp.length; i += 1) {
    const hex = qp.slice(i + 1, i + 3);
    if (qp[i] === '=' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(qp.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/**
 * Decodes RFC 2047 encoded words in an already-unfolded header value. Adjacent words in the same
 * charset are joined before decoding: senders split multibyte characters across words.
 */
export function decodeEncodedWords(value: string, hints: readonly string[] = []): string {
  const out: string[] = [];
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  const flush = () => {
    if (!pending) return;
    out.push(decodeBytes(Buffer.concat(pending.bytes), { declared: pending.charset, hints }));
    pending = undefined;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const [whole, rawCharset = '', encoding = 'B', text = ''] = match;
    const between = value.slice(last, match.index);
    // RFC 2047 §6.2: whitespace between two encoded words is not displayed
    if (!(pending && /^\s*$/.test(between))) {
      flush();
      out.push(between);
    }
    const charset = rawCharset.split('*')[0]!.toLowerCase();
    const bytes = wordBytes(encoding, text);
    if (pending && pending.charset === charset) pending.bytes.push(bytes);
    else {
      flush();
      pending = { charset, bytes: [bytes] };
    }
    last = match.index + whole.length;
  }
  flush();
  out.push(value.slice(last));
  return out.join('');
}

/**
 * A raw header line (as mailparser's `headerLines` gives it: bytes as a latin1 string, name and
 * folding included) → the value as text, encoded words still encoded.
 */
export function rawHeaderValue(line: string, hints: readonly string[] = []): string {
  const colon = line.indexOf(':');
  const raw = (colon >= 0 ? line.slice(colon + 1) : line).replace(/\r?\n[ \t]/g, ' ').trim();
  return decodeBytes(Buffer.from(raw, 'latin1'), { hints });
}

/** Charsets named anywhere in a header block or MIME structure: hints for undeclared bytes. */
export function charsetsIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/charset\s*=\s*"?([A-Za-z0-9_.:-]+)"?/gi)) found.add(m[1]!.toLowerCase());
  for (const m of text.matchAll(/=\?([^?\s*]+)[^?]*\?[bBqQ]\?/g)) found.add(m[1]!.toLowerCase());
  return [...found];
}

/** A raw header block → lines as mailparser's `headerLines` gives them (latin1, folding kept). */
export function headerLinesOf(block: Uint8Array): { key: string; line: string }[] {
  const text = Buffer.from(block).toString('latin1');
  const lines: { key: string; line: string }[] = [];
  for (const physical of text.split(/\r?\n/)) {
    if (physical === '') break;
    const last = lines[lines.length - 1];
    if (/^[ \t]/.test(physical) && last) last.line += `\r\n${physical}`;
    else {
      const colon = physical.indexOf(':');
      if (colon <= 0) continue;
      lines.push({ key: physical.slice(0, colon).trim().toLowerCase(), line: physical });
    }
  }
  return lines;
}
