// Pure: the plain record identity, merge and split work on, read from a customer doc's view.
import type { CustomerCard } from '../customer-doc/customer-doc.ts';
import type { CustomerRecord } from './customer-record.ts';

/**
 * Undefined for a doc that has no profile id yet (still syncing, or never created), and for a
 * customer merged into another: its addresses now belong to the other one (SPEC [CU5]).
 */
export function customerRecordFromView(view: CustomerCard): CustomerRecord | undefined {
  const { profile } = view;
  if (!profile.id || profile.mergedInto) return undefined;
  return {
    id: profile.id,
    name: profile.name ?? profile.company ?? profile.id,
    domains: profile.domains ?? [],
    contacts: view.contacts.map((contact) => ({
      id: contact.id,
      name: contact.name,
      addresses: contact.addresses,
    })),
    ownerId: profile.ownerId ?? null,
  };
}
