// Pure: the customer a message comes from, as routing needs it. A new address at a known
// company's domain resolves to that company, so its owner gets the mail (防撞单).
import type * as Y from 'yjs';
import { customerCard } from '../customer-doc/customer-doc.ts';
import { candidateCustomerIds } from '../customers/customer-id.ts';
import { customerLinksFromIndex } from '../customers/customer-index.ts';
import { customerKeyFor, customerLinksFrom } from '../customers/customer-key.ts';
import type { CustomerId } from '../ids.ts';
import type { CustomerLinks, CustomerRecord } from '../customers/customer-record.ts';
import type { RoutingCustomer } from './rule-types.ts';

export function senderCustomer(
  fromAddress: string,
  customers: readonly CustomerRecord[],
  links: CustomerLinks = customerLinksFrom(customers),
): RoutingCustomer | null {
  const key = customerKeyFor(fromAddress, links);
  if (key?.kind !== 'customer') return null;
  const record = customers.find((customer) => customer.id === key.customerId);
  return record ? { id: record.id, name: record.name, ownerId: record.ownerId } : null;
}

/**
 * The customer docs routing must hold for a sender (SPEC [CU4]): the sender's own candidates
 * (`candidateCustomerIds`) and the customer the `customers` index links the address or domain to
 * by hand, when that is another one.
 */
export function senderCustomerIds(fromAddress: string, customersIndex: Y.Doc): CustomerId[] {
  const ids = candidateCustomerIds(fromAddress);
  const key = customerKeyFor(fromAddress, customerLinksFromIndex(customersIndex));
  if (key?.kind === 'customer' && !ids.includes(key.customerId)) ids.push(key.customerId);
  return ids;
}

/** Customers the held docs were merged into and that are not held yet (SPEC [CU5]): open them too. */
export function mergedInto(docs: ReadonlyMap<CustomerId, Y.Doc>): CustomerId[] {
  const targets = new Set<CustomerId>();
  for (const doc of docs.values()) {
    const target = customerCard(doc).profile.mergedInto;
    if (target && !docs.has(target)) targets.add(target);
  }
  return [...targets];
}
