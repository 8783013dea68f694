// Pure: what a user typed after `assignee:`, `customer:` or `mailbox:` → the ids the index stores.
// People type names and addresses, the index holds ids; the typed value itself is always kept, so
// an id still works.
import {
  candidateCustomerIds,
  customerIdForKey,
  registrableDomain,
  type CustomerRow,
  type Member,
} from '@wharf/model';
import { foldWord, type ValueField } from '@wharf/search';

export interface ValueSources {
  members(): readonly Pick<Member, 'id' | 'name' | 'email'>[];
  mailboxes(): readonly { id: string; address: string; displayName: string }[];
  /** The customers index rows (name and company as the team wrote them). */
  customers(): readonly Pick<CustomerRow, 'id' | 'name' | 'company' | 'mergedInto'>[];
}

const fold = (text: string) => foldWord(text.trim());
const localPart = (address: string) => address.slice(0, address.indexOf('@'));

/** A name matches when the typed text is the whole name, one of its words, or how it starts. */
const nameMatches = (name: string, typed: string) => {
  const folded = fold(name);
  return folded === typed || folded.startsWith(typed) || folded.split(/\s+/).includes(typed);
};

export function createValueResolver(sources: ValueSources) {
  return (field: ValueField, value: string): string[] => {
    const typed = fold(value);
    const ids = new Set<string>([value]);
    if (typed === '') return [...ids];
    switch (field) {
      case 'assignee':
        for (const m of sources.members())
          if (fold(m.email) === typed || fold(localPart(m.email)) === typed || nameMatches(m.name, typed))
            ids.add(m.id);
        break;
      case 'mailbox':
        for (const m of sources.mailboxes())
          if (
            fold(m.address) === typed ||
            fold(localPart(m.address)) === typed ||
            nameMatches(m.displayName, typed)
          )
            ids.add(m.id);
        break;
      case 'customer': {
        // customer ids derive from the sender (`d-<domain>`, `a-<address>`): an address or a domain
        // finds them; a name or company finds them through the customers index
        const text = value.trim().toLowerCase();
        if (text.includes('@')) for (const id of candidateCustomerIds(text)) ids.add(id);
        else if (text.includes('.')) {
          const domain = registrableDomain(text);
          ids.add(customerIdForKey({ kind: 'domain', key: `domain:${domain}`, domain }));
        }
        for (const c of sources.customers())
          if (!c.mergedInto && (nameMatches(c.name, typed) || (c.company && nameMatches(c.company, typed))))
            ids.add(c.id);
        break;
      }
      default:
        break;
    }
    return [...ids];
  };
}
