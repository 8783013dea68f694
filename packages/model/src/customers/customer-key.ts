// Pure: which customer a sender belongs to. A company is keyed by its registrable domain; a
// free-mail sender is a contact of their own until someone links the address to a customer.
import type { CustomerId } from '../ids.ts';
import { normaliseAddress } from './address.ts';
import type { CustomerLinks, CustomerRecord } from './customer-record.ts';
import { isFreeMailDomain } from './free-mail.ts';
import { registrableDomain } from './registrable-domain.ts';

export type CustomerKey =
  | {
      readonly kind: 'customer';
      readonly key: string;
      readonly customerId: CustomerId;
      readonly via: 'address' | 'domain';
    }
  /** A company not yet on file: every sender at this domain belongs to it. */
  | { readonly kind: 'domain'; readonly key: string; readonly domain: string }
  /** A free-mail sender not yet on file: a customer of one address. */
  | { readonly kind: 'address'; readonly key: string; readonly address: string };

export function customerKeyFor(rawAddress: string, links: CustomerLinks): CustomerKey | undefined {
  const address = normaliseAddress(rawAddress);
  if (!address) return undefined;
  const linked = links.addresses[address];
  if (linked) return { kind: 'customer', key: `customer:${linked}`, customerId: linked, via: 'address' };
  const host = address.slice(address.lastIndexOf('@') + 1);
  if (isFreeMailDomain(host)) return { kind: 'address', key: `address:${address}`, address };
  const domain = registrableDomain(host);
  const byDomain = links.domains[domain];
  if (byDomain) return { kind: 'customer', key: `customer:${byDomain}`, customerId: byDomain, via: 'domain' };
  return { kind: 'domain', key: `domain:${domain}`, domain };
}

/**
 * Links implied by the customer records themselves: each contact address and each domain points at
 * its customer. Customers are visited in id order so a (mistaken) duplicate resolves the same way
 * on every peer.
 */
export function customerLinksFrom(customers: readonly CustomerRecord[]): CustomerLinks {
  const addresses: Record<string, CustomerId> = {};
  const domains: Record<string, CustomerId> = {};
  const ordered = [...customers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const customer of ordered) {
    for (const contact of customer.contacts)
      for (const raw of contact.addresses) {
        const address = normaliseAddress(raw);
        if (address && !(address in addresses)) addresses[address] = customer.id;
      }
    for (const domain of customer.domains) if (!(domain in domains)) domains[domain] = customer.id;
  }
  return { addresses, domains };
}
