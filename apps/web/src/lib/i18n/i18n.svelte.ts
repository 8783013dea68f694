// The chosen UI language as reactive state, persisted per browser.
import { createContext } from 'svelte';
import {
  localeFromLanguages,
  isLocale,
  formatDateTime,
  formatListTime,
  formatRelative,
  formatAge,
} from './locale.ts';
import { translate, type Locale, type MessageArgs, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'wharf.locale';

export interface I18nDeps {
  languages: readonly string[];
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  timeZone?: string | undefined;
  /** Called after every change, e.g. to set `<html lang>`. */
  onChange?: (locale: Locale) => void;
}

export class I18n {
  #locale = $state.raw<Locale>('en');
  readonly #deps: I18nDeps;

  constructor(deps: I18nDeps) {
    this.#deps = deps;
    const stored = deps.storage?.getItem(STORAGE_KEY);
    this.#locale = isLocale(stored) ? stored : localeFromLanguages(deps.languages);
    deps.onChange?.(this.#locale);
  }

  get locale(): Locale {
    return this.#locale;
  }

  set locale(locale: Locale) {
    this.#locale = locale;
    this.#deps.storage?.setItem(STORAGE_KEY, locale);
    this.#deps.onChange?.(locale);
  }

  t = <K extends MessageKey>(key: K, ...args: MessageArgs<K>): string =>
    translate(this.#locale, key, ...args);

  dateTime = (epochMs: number): string =>
    formatDateTime(epochMs, { locale: this.#locale, timeZone: this.#deps.timeZone });

  listTime = (epochMs: number, nowMs: number): string =>
    formatListTime(epochMs, nowMs, { locale: this.#locale, timeZone: this.#deps.timeZone });

  relative = (epochMs: number, nowMs: number): string => formatRelative(epochMs, nowMs, this.#locale);

  age = (ms: number): string => formatAge(ms, this.#locale);
}

export const [getI18n, setI18n] = createContext<I18n>();

export function browserI18n(): I18n {
  return new I18n({
    languages: navigator.languages,
    storage: localStorage,
    onChange: (locale) => document.documentElement.setAttribute('lang', locale),
  });
}
