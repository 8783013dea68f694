// Pure core: text → search terms, shared by documents and queries, by the archive index (SQLite FTS5)
// and the offline index (lunr), on the server and in the browser. No Node-only APIs here.
//
// Words of alphabetic scripts (Latin, Cyrillic, Greek, Arabic, ...) become one folded term each;
// CJK runs (Han, Kana, Hangul) become overlapping character bigrams, so any substring of two or more
// characters is a phrase of bigrams. Bigrams measured 1.00/1.00 recall/precision against substring
// truth, where Intl.Segmenter's dictionary split trade words (货代, 集装箱, 起订量) and cost 8× more.
// Han characters are folded Traditional → Simplified first (貨代 = 货代), like case in Latin words.

import { HANT_FOLD } from './hant-fold-data.ts';

export type TokenKind = 'word' | 'cjk';

export interface Token {
  /** The folded term that is indexed and matched. */
  readonly term: string;
  /** UTF-16 offsets into the ORIGINAL text, for highlighting. */
  readonly start: number;
  readonly end: number;
  readonly kind: TokenKind;
}

// Character classes. Words split where the script changes; digits join the word they touch.
const SEP = 1;
const DIGIT = 2;
const MARK = 3;
const CJK = 4;
const CJK_MARK = 5; // half-width and combining kana voicing marks: part of the previous CJK character
const LATIN = 6;
const CYRILLIC = 7;
const GREEK = 8;
const ARABIC = 9;
const HEBREW = 10;
const OTHER_LETTER = 11;

const CACHED = 0x30000;
const classCache = new Uint8Array(CACHED);

const RE_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\uff70]/u;
const RE_CJK_MARK = /[\u3099\u309a\uff9e\uff9f]/u;
const RE_MARK = /\p{M}/u;
const RE_DIGIT = /\p{N}/u;
const RE_LETTER = /\p{L}/u;
const SCRIPTS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\p{Script=Latin}/u, LATIN],
  [/\p{Script=Cyrillic}/u, CYRILLIC],
  [/\p{Script=Greek}/u, GREEK],
  [/\p{Script=Arabic}/u, ARABIC],
  [/\p{Script=Hebrew}/u, HEBREW],
];

function computeClass(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (RE_CJK_MARK.test(ch)) return CJK_MARK;
  if (RE_CJK.test(ch)) return CJK;
  if (RE_MARK.test(ch)) return MARK;
  if (RE_DIGIT.test(ch)) return DIGIT;
  if (!RE_LETTER.test(ch)) return SEP;
  for (const [re, cls] of SCRIPTS) if (re.test(ch)) return cls;
  return OTHER_LETTER;
}

function classOf(cp: number): number {
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return LATIN;
    if (cp >= 0x30 && cp <= 0x39) return DIGIT;
    return SEP;
  }
  if (cp >= 0x4e00 && cp <= 0x9fff) return CJK;
  if (cp >= CACHED) return computeClass(cp);
  let cls = classCache[cp]!;
  if (cls === 0) {
    cls = computeClass(cp);
    classCache[cp] = cls;
  }
  return cls;
}

// Combining marks that are diacritics (Latin/Greek/Cyrillic accents, Arabic harakat, Hebrew points).
// Kana voicing marks (U+3099/309A) are NOT here: stripping them would turn が into か.
const DIACRITIC_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f],
  [0x0591, 0x05c7],
  [0x064b, 0x065f],
  [0x0670, 0x0670],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];
const isDiacritic = (code: number) => DIACRITIC_RANGES.some(([lo, hi]) => code >= lo && code <= hi);
const RE_PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function stripDiacritics(decomposed: string): string {
  let out = '';
  for (let i = 0; i < decomposed.length; i++) {
    const code = decomposed.charCodeAt(i);
    if (!isDiacritic(code)) out += decomposed[i];
  }
  return out;
}

/** Folds width (NFKC), case and diacritics: `ＦＯＢ` → `fob`, `Straße` → `strasse`, `Ёлка` → `елка`. */
export function foldWord(word: string): string {
  if (RE_PRINTABLE_ASCII.test(word)) return word.toLowerCase();
  const folded = word.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  return stripDiacritics(folded.normalize('NFD')).normalize('NFC');
}

/**
 * Bumped whenever the terms of some text change (an index built with an older tokenizer must be
 * rebuilt): 2 = Traditional Chinese folded to Simplified.
 */
export const TOKENIZER_VERSION = 2;

let hantFold: Map<string, string> | undefined;
/** Traditional → Simplified, one character to one (OpenCC's character tables, see hant-fold-data.ts). */
function hantToHans(unit: string): string {
  if (!hantFold) {
    hantFold = new Map();
    const chars = Array.from(HANT_FOLD);
    for (let i = 0; i + 1 < chars.length; i += 2) hantFold.set(chars[i]!, chars[i + 1]!);
  }
  return hantFold.get(unit) ?? unit;
}

function foldCjkUnit(unit: string): string {
  const cp = unit.codePointAt(0)!;
  if (unit.length === 1 && cp >= 0x4e00 && cp <= 0x9fff) return hantToHans(unit);
  const common = unit.length === 1 && ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0xac00 && cp <= 0xd7a3));
  return common ? unit : hantToHans(unit.normalize('NFKC'));
}

/**
 * Receives the terms of a text in order. `runEnd` is set on the last character of a CJK run of two or
 * more characters: the archive index appends those characters after the field so a one-character query
 * can be answered by prefix (`箱*`) without missing the character that ends a run.
 */
export interface TermSink {
  term(term: string, start: number, end: number, kind: TokenKind): void;
  runEnd?(char: string): void;
}

/** Walks `text` once, emitting folded terms with their offsets in the original text. */
export function scanTerms(text: string, sink: TermSink): void {
  let wordStart = -1;
  let wordScript = 0; // 0 while the word holds only digits
  // CJK run: start offsets of its characters, and the folded characters.
  const unitStarts: number[] = [];
  const units: string[] = [];
  let runEndOffset = 0;

  const flushWord = (end: number) => {
    if (wordStart < 0) return;
    const term = foldWord(text.slice(wordStart, end));
    if (term.length > 0) sink.term(term, wordStart, end, 'word');
    wordStart = -1;
    wordScript = 0;
  };
  const flushRun = () => {
    const n = units.length;
    if (n === 0) return;
    if (n === 1) {
      sink.term(units[0]!, unitStarts[0]!, runEndOffset, 'cjk');
    } else {
      for (let i = 0; i + 1 < n; i++) {
        const end = i + 2 < n ? unitStarts[i + 2]! : runEndOffset;
        sink.term(units[i]! + units[i + 1]!, unitStarts[i]!, end, 'cjk');
      }
      sink.runEnd?.(units[n - 1]!);
    }
    units.length = 0;
    unitStarts.length = 0;
  };
  const closeRun = (at: number) => {
    if (units.length === 0) return;
    // Fold the last unit now that its trailing marks are known.
    const last = units.length - 1;
    units[last] = foldCjkUnit(text.slice(unitStarts[last], at));
    runEndOffset = at;
    flushRun();
  };

  let i = 0;
  const len = text.length;
  while (i < len) {
    const cp = text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const cls = classOf(cp);
    if (cls === CJK) {
      flushWord(i);
      const last = units.length - 1;
      if (last >= 0) units[last] = foldCjkUnit(text.slice(unitStarts[last], i));
      unitStarts.push(i);
      units.push('');
    } else if (cls === CJK_MARK || (cls === MARK && units.length > 0)) {
      // stays with the previous CJK character (or is dropped when there is none)
    } else {
      closeRun(i);
      if (cls === SEP) {
        flushWord(i);
      } else if (cls === MARK) {
        // a combining mark continues the current word; a stray one is ignored
      } else if (cls === DIGIT) {
        if (wordStart < 0) wordStart = i;
      } else if (wordStart < 0) {
        wordStart = i;
        wordScript = cls;
      } else if (wordScript === 0) {
        wordScript = cls;
      } else if (wordScript !== cls) {
        flushWord(i);
        wordStart = i;
        wordScript = cls;
      }
    }
    i += size;
  }
  closeRun(len);
  flushWord(len);
}

/** All terms of `text` with offsets, in order. Documents and queries use this same function. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  scanTerms(text, { term: (term, start, end, kind) => out.push({ term, start, end, kind }) });
  return out;
}

/** The terms only. */
export function terms(text: string): string[] {
  const out: string[] = [];
  scanTerms(text, { term: (term) => out.push(term) });
  return out;
}
