// Pure: the customer a message comes from, as routing needs it. A new address at a known
// company's domain resolves to that company, so its owner gets the mail (防撞单).
import { customerKeyFor, customerLinksFrom } from '../customers/customer-key.ts';
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
