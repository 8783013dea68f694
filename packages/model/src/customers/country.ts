// Pure: a best guess at a sender's country from their domain. Only a guess: a German company may
// well use a .com. Names come from Intl.DisplayNames so they follow the reader's language.
import { topLevelDomain } from './registrable-domain.ts';

/** Two-letter TLDs sold worldwide as brand names: they say nothing about where the sender is. */
const VANITY_CCTLDS: ReadonlySet<string> = new Set('io co me tv ai ly fm gg to ws cc sh ac la am'.split(' '));

const TLD_TO_COUNTRY: Readonly<Record<string, string>> = { uk: 'GB', su: 'RU' };

/** Free-mail providers that are national in practice. */
const PROVIDER_COUNTRY: Readonly<Record<string, string>> = {
  'qq.com': 'CN',
  'foxmail.com': 'CN',
  '163.com': 'CN',
  '126.com': 'CN',
  'yeah.net': 'CN',
  '188.com': 'CN',
  'sina.com': 'CN',
  'sohu.com': 'CN',
  'aliyun.com': 'CN',
  '139.com': 'CN',
  'tom.com': 'CN',
  '21cn.com': 'CN',
  'naver.com': 'KR',
  'daum.net': 'KR',
  'hanmail.net': 'KR',
  'nate.com': 'KR',
  'rediffmail.com': 'IN',
  'seznam.cz': 'CZ',
};

const regionNames = new Map<string, Intl.DisplayNames>();

function regionNamesIn(locale: string): Intl.DisplayNames {
  let names = regionNames.get(locale);
  if (!names)
    regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })));
  return names;
}

/** ISO 3166-1 alpha-2 code, or `undefined` when the domain does not tell. `domain` is lower case. */
export function countryForDomain(domain: string): string | undefined {
  const provider = PROVIDER_COUNTRY[domain];
  if (provider) return provider;
  const tld = topLevelDomain(domain);
  if (tld.length !== 2 || VANITY_CCTLDS.has(tld)) return undefined;
  if (tld === 'eu') return undefined;
  const code = TLD_TO_COUNTRY[tld] ?? tld.toUpperCase();
  return regionNamesIn('en').of(code) !== undefined ? code : undefined;
}

export function countryName(code: string, locale: 'zh' | 'en'): string {
  return regionNamesIn(locale).of(code) ?? code;
}
