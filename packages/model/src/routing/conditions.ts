// Pure: does one condition hold for a message, and if so, what to say about it.
import { normaliseAddress } from '../customers/address.ts';
import { countryName } from '../customers/country.ts';
import { languageName } from './language/language-name.ts';
import type { MessageFacts } from './message-facts.ts';
import { reason, type Reason } from './reason.ts';
import type { RuleCondition } from './rule-types.ts';
import { keywordMatcher } from './text/keyword-match.ts';
import { globMatches } from './text/glob.ts';

/** The reason the condition holds, or undefined when it does not. */
export function conditionHolds(condition: RuleCondition, facts: MessageFacts): Reason | undefined {
  switch (condition.kind) {
    case 'mailbox':
      return condition.mailboxIds.includes(facts.message.mailboxId)
        ? reason(`mailbox ${facts.message.mailboxId}`, `邮箱 ${facts.message.mailboxId}`)
        : undefined;
    case 'alias': {
      const hit = condition.addresses.find((address) =>
        facts.recipients.has(normaliseAddress(address) ?? ''),
      );
      return hit === undefined ? undefined : reason(`sent to ${hit}`, `收件地址 ${hit}`);
    }
    case 'senderDomain': {
      const domain = facts.senderDomain;
      const hit =
        domain &&
        condition.domains.find((wanted) => {
          const w = wanted.trim().toLowerCase().replace(/^@/, '');
          return domain === w || domain.endsWith(`.${w}`);
        });
      return hit ? reason(`sender domain ${hit}`, `发件人域名 ${hit}`) : undefined;
    }
    case 'senderTld': {
      const tld = facts.senderTld;
      const hit =
        tld && condition.tlds.find((wanted) => wanted.trim().toLowerCase().replace(/^\./, '') === tld);
      return hit ? reason(`sender TLD .${tld}`, `发件人顶级域 .${tld}`) : undefined;
    }
    case 'senderCountry': {
      const country = facts.senderCountry;
      if (!country || !condition.countries.some((wanted) => wanted.toUpperCase() === country))
        return undefined;
      return reason(
        `sender country ${countryName(country, 'en')}`,
        `发件人国家 ${countryName(country, 'zh')}`,
      );
    }
    case 'language': {
      const language = facts.language();
      if (language === 'und' || !condition.languages.includes(language)) return undefined;
      return reason(`language ${languageName(language, 'en')}`, `语言 ${languageName(language, 'zh')}`);
    }
    case 'keyword':
    case 'product': {
      const words = condition.kind === 'keyword' ? condition.keywords : condition.products;
      const texts = condition.fields.map((field) => facts.folded(field));
      const hit = words.find((word) => texts.some(keywordMatcher(word)));
      if (hit === undefined) return undefined;
      return condition.kind === 'keyword'
        ? reason(`keyword '${hit}'`, `关键词 '${hit}'`)
        : reason(`product keyword '${hit}'`, `产品关键词 '${hit}'`);
    }
    case 'hasAttachment':
      return facts.message.attachmentNames.length > 0 ? reason('has attachments', '有附件') : undefined;
    case 'attachmentName': {
      for (const pattern of condition.patterns) {
        const name = facts.message.attachmentNames.find((candidate) => globMatches(pattern, candidate));
        if (name !== undefined)
          return reason(`attachment '${name}' matches '${pattern}'`, `附件 '${name}' 匹配 '${pattern}'`);
      }
      return undefined;
    }
  }
}
