// Every routing decision explains itself in both UI languages.

export interface Reason {
  readonly en: string;
  readonly zh: string;
}

export const reason = (en: string, zh: string): Reason => ({ en, zh });

export function joinReasons(parts: readonly Reason[]): Reason {
  return reason(parts.map((part) => part.en).join(', '), parts.map((part) => part.zh).join('，'));
}
