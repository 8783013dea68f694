// Pure: text folded for matching, so that "VALVE", "valve", "Ｖａｌｖｅ" and "vålve" compare equal
// and half-width ｶﾀｶﾅ equals full-width カタカナ. Only Latin combining marks are removed: kana
// voicing marks (U+3099/U+309A) and Hangul jamo are recomposed, never dropped.

const LIGATURES: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  þ: 'th',
  ð: 'd',
};

export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .replace(/[ßæœøłđıþð]/g, (char) => LIGATURES[char] ?? char);
}
