// Pure: file-name patterns for attachment rules: `*` any run, `?` one character, case- and
// width-insensitive, matched against the whole name ("*.pdf", "PO*", "*报价*").
import { foldText } from './fold-text.ts';

export function globMatches(pattern: string, name: string): boolean {
  const source = [...foldText(pattern)]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.+()[\]{}|/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su').test(foldText(name));
}
