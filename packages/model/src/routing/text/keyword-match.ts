// Pure: keyword matching in any language. Scripts written without spaces between words (Chinese,
// Japanese, Thai) and Korean, whose particles attach to the noun (밸브를), match as substrings;
// everything else matches whole words, so "valve" does not fire inside "valveless" but "valve*"
// does. Case, diacritics and full/half width are ignored (see foldText).
import { foldText } from './fold-text.ts';

const SPACELESS = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}]/u;
/** A word character that is not from a spaceless script: "我们需要valve报价" still contains "valve". */
const WORD_CHAR = String.raw`[[\p{L}\p{M}\p{N}]--[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}]]`;

export type KeywordMatcher = (foldedText: string) => boolean;

const compiled = new Map<string, KeywordMatcher>();
const CACHE_LIMIT = 2_000;

export function keywordMatcher(keyword: string): KeywordMatcher {
  const cached = compiled.get(keyword);
  if (cached) return cached;
  const matcher = compile(keyword);
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(keyword, matcher);
  return matcher;
}

function compile(keyword: string): KeywordMatcher {
  const folded = foldText(keyword).trim().replace(/\s+/g, ' ');
  if (folded === '' || folded === '*') return () => false;
  if (SPACELESS.test(folded)) return (text) => text.includes(folded.replace(/\*$/, ''));
  const prefix = folded.endsWith('*');
  const body = (prefix ? folded.slice(0, -1) : folded)
    .split(' ')
    .map((word) => word.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))
    .join(String.raw`\s+`);
  const pattern = new RegExp(`(?<!${WORD_CHAR})${body}${prefix ? `${WORD_CHAR}*` : `(?!${WORD_CHAR})`}`, 'v');
  return (text) => pattern.test(text);
}

/** The first keyword found in any of the texts, or undefined. Texts are raw; they are folded here. */
export function firstKeywordIn(texts: readonly string[], keywords: readonly string[]): string | undefined {
  const folded = texts.map(foldText);
  return keywords.find((keyword) => {
    const matches = keywordMatcher(keyword);
    return folded.some(matches);
  });
}
