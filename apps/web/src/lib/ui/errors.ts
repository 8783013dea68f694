import { ApiError, NetworkError } from '../api/relay-api.ts';
import type { I18n } from '../i18n/i18n.svelte.ts';

/** A user-facing message: the relay's bilingual message when it sent one. */
export function errorText(error: unknown, i18n: I18n): string {
  if (error instanceof NetworkError) return i18n.t('error.network');
  if (error instanceof ApiError) return error.message;
  return i18n.t('error.generic');
}
