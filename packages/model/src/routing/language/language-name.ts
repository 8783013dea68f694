import type { LanguageCode } from './detect-language.ts';

const languageNames = new Map<string, Intl.DisplayNames>();

/** The language's name in the reader's language, from the runtime's CLDR data. */
export function languageName(code: LanguageCode, locale: 'zh' | 'en'): string {
  let names = languageNames.get(locale);
  if (!names) languageNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'language' })));
  return names.of(code) ?? code;
}
