// Plain text and CSV: bytes → string, honouring the declared charset, then a BOM, then UTF-8, then
// the legacy encodings export teams actually receive (GB18030 from Chinese Excel, Windows-1251, -1252).

const BOMS: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

function nonAscii(text: string): string {
  return text.replace(/[\x20-\x7e\t\r\n]/g, '');
}

function share(text: string, re: RegExp): number {
  const rest = nonAscii(text);
  if (rest.length === 0) return 0;
  return (rest.match(re)?.length ?? 0) / rest.length;
}

export function decodeText(bytes: Uint8Array, declaredCharset?: string | null): string {
  if (declaredCharset) {
    const decoder = decoderFor(declaredCharset.trim().toLowerCase());
    if (decoder) return decoder.decode(bytes);
  }
  for (const [bom, label] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) return new TextDecoder(label).decode(bytes);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: try the legacy encodings below
  }
  const gb = new TextDecoder('gb18030').decode(bytes);
  if (!gb.includes('\ufffd') && share(gb, /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]/g) > 0.8) return gb;
  const cyrillic = new TextDecoder('windows-1251').decode(bytes);
  if (share(cyrillic, /[\u0400-\u04ff]/g) > 0.8) return cyrillic;
  return new TextDecoder('windows-1252').decode(bytes);
}

export function charsetOf(contentType: string | null | undefined): string | null {
  const m = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return m ? m[1]! : null;
}
