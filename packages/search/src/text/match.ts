// Pure core: how a text leaf of a query matches a token stream. The archive index uses it to
// highlight, the offline index to verify phrases and to scan just-arrived messages directly.
import type { QueryNode } from '../query/ast.ts';
import { tokenize, type Token } from './tokenize.ts';

/** A text leaf as consecutive terms; the last one may be a prefix. */
export interface TermPattern {
  readonly terms: readonly string[];
  readonly prefixLast: boolean;
}

/**
 * Shorter word prefixes are matched as whole words: `c*` expands to thousands of terms (measured at
 * 100k messages: 1-2 letter prefixes 20-96 ms, 3 letters 7-11 ms), and while typing they say little.
 */
export const MIN_PREFIX = 3;

function isSingleCjkChar(token: Token): boolean {
  return token.kind === 'cjk' && [...token.term].length === 1;
}

/**
 * Every leaf is a phrase of its terms: `集装箱` → 集装 装箱, `PO-2024-0815` → po 2024 0815.
 * A lone CJK character at the end is a prefix, so `箱` finds 箱子 and (through the run-end
 * characters the archive appends) 装箱.
 */
export function patternOf(leaf: Extract<QueryNode, { type: 'text' }>): TermPattern | null {
  const tokens = tokenize(leaf.text);
  const last = tokens[tokens.length - 1];
  if (!last) return null;
  const longEnough = last.kind === 'cjk' || [...last.term].length >= MIN_PREFIX;
  return {
    terms: tokens.map((t) => t.term),
    prefixLast: (leaf.prefix && longEnough) || isSingleCjkChar(last),
  };
}

function termMatches(pattern: TermPattern, index: number, term: string): boolean {
  const want = pattern.terms[index]!;
  if (pattern.prefixLast && index === pattern.terms.length - 1) return term.startsWith(want);
  return term === want;
}

/** Ranges (original offsets) where `pattern` occurs in `tokens`. */
export function findPattern(tokens: readonly Token[], pattern: TermPattern): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = pattern.terms.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) ok = termMatches(pattern, k, tokens[i + k]!.term);
    if (ok) {
      // a one-character CJK query also matches as the second half of a bigram (装箱 for 箱)
      out.push([tokens[i]!.start, tokens[i + n - 1]!.end]);
    } else if (n === 1 && pattern.prefixLast && tokens[i]!.kind === 'cjk') {
      const term = tokens[i]!.term;
      const want = pattern.terms[0]!;
      if (isSingleCjkString(want) && term.endsWith(want))
        out.push([tokens[i]!.end - want.length, tokens[i]!.end]);
    }
  }
  return out;
}

function isSingleCjkString(s: string): boolean {
  return [...s].length === 1;
}

export function containsPattern(tokens: readonly Token[], pattern: TermPattern): boolean {
  return findPattern(tokens, pattern).length > 0;
}
