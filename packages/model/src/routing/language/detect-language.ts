// Pure: a small language detector for routing, not a linguistics library. Non-Latin scripts decide
// by themselves (Cyrillic is taken as Russian, Arabic script as Arabic: Ukrainian, Bulgarian,
// Persian and Urdu are not told apart); Latin-script text is scored against weighted stop-word,
// letter and letter-sequence profiles (latin-profiles.ts). Text too short to tell gives 'und'.
// Measured in detect-language.test.ts: 57/57 sentences, 51/55 terse business snippets, 36/37
// held-out sentences (written after the profiles were frozen).
import { LETTERS, SEQUENCES, STOP_WORDS, type LatinLanguage } from './latin-profiles.ts';

export type LanguageCode = LatinLanguage | 'zh' | 'ja' | 'ko' | 'ru' | 'ar' | 'th' | 'el' | 'he';
export const LANGUAGE_CODES: readonly LanguageCode[] = [
  'zh',
  'ja',
  'ko',
  'ru',
  'ar',
  'th',
  'el',
  'he',
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'nl',
  'tr',
  'pl',
  'vi',
  'id',
];

export interface DetectedLanguage {
  readonly language: LanguageCode | 'und';
  /** 0..1: how far the winner is ahead of the runner-up. */
  readonly confidence: number;
}

const SAMPLE_CHARS = 4_000;
/** A CJK or Thai character carries about as much as a short Latin word. */
const SPACELESS_WEIGHT = 3;

type Script = 'han' | 'kana' | 'hangul' | 'cyrillic' | 'arabic' | 'thai' | 'greek' | 'hebrew' | 'latin';

/** Unicode blocks by script, sorted by start; a table lookup is ~10× faster than a regex per character. */
const BLOCKS: readonly (readonly [number, number, Script])[] = [
  [0x41, 0x5a, 'latin'],
  [0x61, 0x7a, 'latin'],
  [0xc0, 0x24f, 'latin'],
  [0x370, 0x3ff, 'greek'],
  [0x400, 0x52f, 'cyrillic'],
  [0x590, 0x5ff, 'hebrew'],
  [0x600, 0x6ff, 'arabic'],
  [0x750, 0x77f, 'arabic'],
  [0xe00, 0xe7f, 'thai'],
  [0x1100, 0x11ff, 'hangul'],
  [0x1e00, 0x1eff, 'latin'],
  [0x1f00, 0x1fff, 'greek'],
  [0x3040, 0x30ff, 'kana'],
  [0x3130, 0x318f, 'hangul'],
  [0x31f0, 0x31ff, 'kana'],
  [0x3400, 0x4dbf, 'han'],
  [0x4e00, 0x9fff, 'han'],
  [0xac00, 0xd7af, 'hangul'],
  [0xf900, 0xfaff, 'han'],
  [0xfb50, 0xfdff, 'arabic'],
  [0xfe70, 0xfeff, 'arabic'],
  [0xff21, 0xff3a, 'latin'],
  [0xff41, 0xff5a, 'latin'],
  [0xff66, 0xff9f, 'kana'],
  [0x20000, 0x2ffff, 'han'],
];

function scriptOf(codePoint: number): Script | undefined {
  let low = 0;
  let high = BLOCKS.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end, script] = BLOCKS[middle]!;
    if (codePoint < start) high = middle - 1;
    else if (codePoint > end) low = middle + 1;
    else return script;
  }
  return undefined;
}

const LATIN_LANGUAGES = Object.keys(STOP_WORDS) as LatinLanguage[];

function weighted(
  lists: Readonly<Record<LatinLanguage, readonly string[]>>,
): Map<string, Map<LatinLanguage, number>> {
  const owners = new Map<string, LatinLanguage[]>();
  for (const language of LATIN_LANGUAGES)
    for (const item of new Set(lists[language])) owners.set(item, [...(owners.get(item) ?? []), language]);
  const weights = new Map<string, Map<LatinLanguage, number>>();
  for (const [item, languages] of owners)
    weights.set(item, new Map(languages.map((language) => [language, 1 / languages.length])));
  return weights;
}

const wordWeights = weighted(
  Object.fromEntries(LATIN_LANGUAGES.map((l) => [l, STOP_WORDS[l].split(/\s+/).filter(Boolean)])) as Record<
    LatinLanguage,
    string[]
  >,
);
const letterWeights = weighted(
  Object.fromEntries(LATIN_LANGUAGES.map((l) => [l, [...LETTERS[l]]])) as Record<LatinLanguage, string[]>,
);
const sequenceWeights = weighted(
  Object.fromEntries(LATIN_LANGUAGES.map((l) => [l, SEQUENCES[l].split(' ')])) as Record<
    LatinLanguage,
    string[]
  >,
);

export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.slice(0, SAMPLE_CHARS);
  const counts = countScripts(sample);
  const candidates: [LanguageCode | 'latin', number][] = [
    ['latin', counts.latin],
    [cjkLanguage(counts), (counts.han + counts.kana + counts.hangul) * SPACELESS_WEIGHT],
    ['th', counts.thai * SPACELESS_WEIGHT],
    ...SINGLE_LANGUAGE_SCRIPTS.map(([script, language]): [LanguageCode, number] => [
      language,
      counts[script],
    ]),
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  const [winner, second] = candidates;
  if (!winner || winner[1] < 2) return UNDETERMINED;
  if (winner[0] !== 'latin') return { language: winner[0], confidence: margin(winner[1], second?.[1] ?? 0) };
  return detectLatin(sample);
}

const UNDETERMINED: DetectedLanguage = { language: 'und', confidence: 0 };

const SINGLE_LANGUAGE_SCRIPTS: readonly [Script, LanguageCode][] = [
  ['cyrillic', 'ru'],
  ['arabic', 'ar'],
  ['greek', 'el'],
  ['hebrew', 'he'],
];

/** Japanese mixes kanji with kana; Chinese has (almost) no kana. */
function cjkLanguage(counts: Record<Script, number>): LanguageCode {
  if (counts.hangul > counts.han + counts.kana) return 'ko';
  return counts.kana >= 0.1 * (counts.han + counts.kana) && counts.kana > 0 ? 'ja' : 'zh';
}

function countScripts(sample: string): Record<Script, number> {
  const counts: Record<Script, number> = {
    han: 0,
    kana: 0,
    hangul: 0,
    cyrillic: 0,
    arabic: 0,
    thai: 0,
    greek: 0,
    hebrew: 0,
    latin: 0,
  };
  for (const char of sample) {
    const script = scriptOf(char.codePointAt(0)!);
    if (script) counts[script]++;
  }
  return counts;
}

/** Fewer words than this ("PO 4711", "OK thanks") are not a sentence in any language. */
const MIN_LATIN_WORDS = 3;
/** Letters tell less than whole words: one 'é' is weaker evidence than one 'pour'. */
const LETTER_WEIGHT = 0.3;
const SEQUENCE_WEIGHT = 0.25;
/** About one stop word's worth of evidence; below it the text is more likely a code or a name. */
const MIN_LATIN_SCORE = 0.6;

function detectLatin(sample: string): DetectedLanguage {
  const lower = sample.toLowerCase();
  const scores = Object.fromEntries(LATIN_LANGUAGES.map((l) => [l, 0])) as Record<LatinLanguage, number>;
  const words = lower.match(/[\p{L}\p{M}']+/gu) ?? [];
  if (words.length < MIN_LATIN_WORDS) return UNDETERMINED;
  for (const word of words)
    for (const [language, weight] of wordWeights.get(word) ?? []) scores[language] += weight;
  for (const char of lower)
    for (const [language, weight] of letterWeights.get(char) ?? [])
      scores[language] += weight * LETTER_WEIGHT;
  for (const [sequence, owners] of sequenceWeights) {
    const hits = countOccurrences(lower, sequence);
    if (hits > 0)
      for (const [language, weight] of owners) scores[language] += hits * weight * SEQUENCE_WEIGHT;
  }
  const ranked = (Object.entries(scores) as [LatinLanguage, number][]).sort((a, b) => b[1] - a[1]);
  const [best, runnerUp] = ranked;
  if (!best || best[1] < MIN_LATIN_SCORE) return UNDETERMINED;
  return { language: best[0], confidence: margin(best[1], runnerUp?.[1] ?? 0) };
}

function countOccurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

function margin(best: number, second: number): number {
  return best <= 0 ? 0 : Math.round(((best - second) / best) * 100) / 100;
}
