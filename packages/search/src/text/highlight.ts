// Pure core: highlighted snippets cut from the ORIGINAL text (not the bigram text that is indexed).
import type { Highlighted } from '../document.ts';
import { findPattern, type TermPattern } from './match.ts';
import { tokenize } from './tokenize.ts';

/** Merged, sorted ranges where any pattern occurs in `text`. */
export function highlightRanges(text: string, patterns: readonly TermPattern[]): Array<[number, number]> {
  if (patterns.length === 0 || text === '') return [];
  const tokens = tokenize(text);
  const ranges = patterns.flatMap((p) => findPattern(tokens, p)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export function highlightWhole(text: string, patterns: readonly TermPattern[]): Highlighted {
  return { text, highlights: highlightRanges(text, patterns) };
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * A window of about `width` characters around the first match (or the start of the text), with
 * whitespace collapsed and an ellipsis where it was cut. Ranges are rebased onto the snippet.
 */
export function snippetOf(
  text: string,
  ranges: ReadonlyArray<readonly [number, number]>,
  width = 160,
): Highlighted {
  const first = ranges[0];
  let start = first ? Math.max(0, first[0] - Math.floor(width / 3)) : 0;
  if (start > 0) {
    // start at a word boundary when one is near
    const space = text.lastIndexOf(' ', first![0]);
    if (space >= start && space < first![0]) start = space + 1;
  }
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  let end = Math.min(text.length, start + width);
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;

  let out = start > 0 ? '…' : '';
  const map: number[] = []; // original offset → snippet offset, for this window
  for (let i = start; i < end; i++) {
    const ch = text[i]!;
    const space = ch === '\n' || ch === '\r' || ch === '\t' || ch === ' ';
    map[i - start] = out.length;
    if (space) {
      if (!out.endsWith(' ') && out !== '' && out !== '…') out += ' ';
    } else out += ch;
  }
  map[end - start] = out.length;
  if (end < text.length) out += '…';
  const highlights: Array<[number, number]> = [];
  for (const [a, b] of ranges) {
    if (b <= start || a >= end) continue;
    const from = map[Math.max(a, start) - start]!;
    const to = map[Math.min(b, end) - start]!;
    if (to > from) highlights.push([from, to]);
  }
  return { text: out, highlights };
}
