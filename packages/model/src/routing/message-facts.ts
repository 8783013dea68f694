// Pure: what rules look at, derived once per message. Language detection and text folding are
// lazy: most messages are decided before a rule needs them.
import { domainOf, normaliseAddress } from '../customers/address.ts';
import { countryForDomain } from '../customers/country.ts';
import { topLevelDomain } from '../customers/registrable-domain.ts';
import { detectLanguage, type LanguageCode } from './language/detect-language.ts';
import { foldText } from './text/fold-text.ts';
import type { MessageSummary, TextField } from './rule-types.ts';

export interface MessageFacts {
  readonly message: MessageSummary;
  readonly senderDomain: string | undefined;
  readonly senderTld: string | undefined;
  readonly senderCountry: string | undefined;
  readonly recipients: ReadonlySet<string>;
  language(): LanguageCode | 'und';
  folded(field: TextField): string;
}

export function messageFacts(message: MessageSummary): MessageFacts {
  const senderDomain = domainOf(message.from.address);
  let language: LanguageCode | 'und' | undefined;
  const folded: Partial<Record<TextField, string>> = {};
  return {
    message,
    senderDomain,
    senderTld: senderDomain && topLevelDomain(senderDomain),
    senderCountry: senderDomain && countryForDomain(senderDomain),
    recipients: new Set(message.recipients.flatMap((raw) => normaliseAddress(raw) ?? [])),
    language: () => (language ??= detectLanguage(`${message.subject}\n${message.text}`).language),
    folded: (field) => (folded[field] ??= foldText(field === 'subject' ? message.subject : message.text)),
  };
}
