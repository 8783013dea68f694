// Pure: the id of the customer a sender creates. Derived from the sender, never random, so the
// bridge re-running after a crash, or two bridges seeing one company at once, create one customer
// (SPEC [CU2]), and a sender's candidate customer docs can be opened by name without a directory.
import { fnv1a32 } from '../hash.ts';
import { customerId, isValidId } from '../ids.ts';
import type { CustomerId, UserId } from '../ids.ts';
import type { CustomerContactRow, CustomerProfile } from '../customer-doc/customer-doc.ts';
import { normaliseAddress } from './address.ts';
import { countryForDomain } from './country.ts';
import type { CustomerKey } from './customer-key.ts';
import { isFreeMailDomain } from './free-mail.ts';
import { registrableDomain } from './registrable-domain.ts';

/** `d-<domain>` for a company, `a-<address>` for a free-mail contact (hashed when not id-safe). */
export function customerIdForKey(key: Exclude<CustomerKey, { kind: 'customer' }>): CustomerId {
  const raw = key.kind === 'domain' ? `d-${key.domain}` : `a-${key.address}`;
  return customerId(isValidId(raw) ? raw : `${raw.slice(0, 2)}h${fnv1a(raw)}`);
}

/**
 * The customers a sender may already belong to without a hand-made link: their company's and their
 * own address's. A customer linked by hand or merged elsewhere is not found this way.
 */
export function candidateCustomerIds(fromAddress: string): CustomerId[] {
  const address = normaliseAddress(fromAddress);
  if (!address) return [];
  const host = address.slice(address.lastIndexOf('@') + 1);
  const ids = [customerIdForKey({ kind: 'address', key: `address:${address}`, address })];
  if (!isFreeMailDomain(host)) {
    const domain = registrableDomain(host);
    ids.unshift(customerIdForKey({ kind: 'domain', key: `domain:${domain}`, domain }));
  }
  return ids;
}

/** The profile and first contact of a customer created from a sender. */
export function newCustomerFor(
  key: Exclude<CustomerKey, { kind: 'customer' }>,
  sender: { readonly address: string; readonly name?: string },
): { profile: CustomerProfile; contact: CustomerContactRow } {
  const address = normaliseAddress(sender.address) ?? sender.address.toLowerCase();
  const host = address.slice(address.lastIndexOf('@') + 1);
  const id = customerIdForKey(key);
  const contactName = sender.name?.trim() || address;
  const company = key.kind === 'domain' ? key.domain : '';
  return {
    profile: {
      id,
      name: key.kind === 'domain' ? key.domain : contactName,
      company,
      country: countryForDomain(host) ?? '',
      website: key.kind === 'domain' ? key.domain : '',
      domains: key.kind === 'domain' ? [key.domain] : [],
      grade: null,
      stage: 'inquiry',
      ownerId: null as UserId | null,
    },
    contact: { id: contactIdFor(address), name: contactName, addresses: [address] },
  };
}

/** A contact's id from its first address: the same contact added twice, or by two peers, is one row. */
export function contactIdFor(address: string): string {
  return `c-${fnv1a(normaliseAddress(address) ?? address.toLowerCase())}`;
}

function fnv1a(text: string): string {
  return fnv1a32(text).toString(16).padStart(8, '0');
}
