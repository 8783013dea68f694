import type { Locale } from '../i18n/messages.ts';

/** A model reason (every routing decision and problem carries both languages) in the UI's language. */
export const reasonText = (reason: { readonly en: string; readonly zh: string }, locale: Locale): string =>
  locale === 'zh-CN' ? reason.zh : reason.en;
