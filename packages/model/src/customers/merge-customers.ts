// Pure: merge one customer into another and split a contact out into a customer of its own.
// The results say what moved so the caller can write timelines and the audit log.
import type { CustomerId, UserId } from '../ids.ts';
import type { CustomerContact, CustomerRecord } from './customer-record.ts';

export interface MergeResult {
  readonly customer: CustomerRecord;
  readonly removedCustomerId: CustomerId;
  readonly moved: {
    /** Contacts that came over as they were. */
    readonly contactIds: readonly string[];
    /** Source contacts folded into a target contact because they share an address. */
    readonly foldedContacts: readonly { readonly from: string; readonly into: string }[];
    readonly addresses: readonly string[];
    readonly domains: readonly string[];
  };
  /** The target's owner wins; a different owner of the source is reported, not silently lost. */
  readonly owner: { readonly kept: UserId | null; readonly dropped: UserId | null };
}

export function mergeCustomers(target: CustomerRecord, source: CustomerRecord): MergeResult {
  if (target.id === source.id) throw new Error(`cannot merge customer ${target.id} into itself`);
  const contacts: CustomerContact[] = [...target.contacts];
  const contactIds: string[] = [];
  const foldedContacts: { from: string; into: string }[] = [];
  const addresses: string[] = [];
  const known = new Set(target.contacts.flatMap((contact) => contact.addresses));

  for (const incoming of source.contacts) {
    const shared = contacts.findIndex((contact) =>
      contact.addresses.some((a) => incoming.addresses.includes(a)),
    );
    const fresh = incoming.addresses.filter((address) => !known.has(address));
    for (const address of fresh) known.add(address);
    addresses.push(...fresh);
    const existing = contacts[shared];
    if (existing) {
      contacts[shared] = { ...existing, addresses: [...existing.addresses, ...fresh] };
      foldedContacts.push({ from: incoming.id, into: existing.id });
    } else {
      const clash = contacts.some((contact) => contact.id === incoming.id);
      const moved = clash ? { ...incoming, id: `${source.id}:${incoming.id}` } : incoming;
      contacts.push(moved);
      contactIds.push(moved.id);
    }
  }

  const domains = source.domains.filter((domain) => !target.domains.includes(domain));
  const ownerId = target.ownerId ?? source.ownerId;
  const dropped = source.ownerId !== null && source.ownerId !== ownerId ? source.ownerId : null;
  return {
    customer: { ...target, contacts, domains: [...target.domains, ...domains], ownerId },
    removedCustomerId: source.id,
    moved: { contactIds, foldedContacts, addresses, domains },
    owner: { kept: ownerId, dropped },
  };
}

export interface SplitResult {
  readonly customer: CustomerRecord;
  readonly split: CustomerRecord;
  readonly moved: { readonly contactId: string; readonly addresses: readonly string[] };
}

/**
 * The new customer has no domains: its contact's addresses link to it directly, which takes
 * precedence over the old customer's domain (see customerKeyFor).
 */
export function splitContact(
  customer: CustomerRecord,
  contactId: string,
  into: { readonly id: CustomerId; readonly name?: string; readonly ownerId?: UserId | null },
): SplitResult {
  const contact = customer.contacts.find((candidate) => candidate.id === contactId);
  if (!contact) throw new Error(`customer ${customer.id} has no contact ${contactId}`);
  if (into.id === customer.id) throw new Error(`cannot split contact ${contactId} into its own customer`);
  return {
    customer: { ...customer, contacts: customer.contacts.filter((candidate) => candidate !== contact) },
    split: {
      id: into.id,
      name: into.name ?? contact.name,
      domains: [],
      contacts: [contact],
      ownerId: into.ownerId === undefined ? customer.ownerId : into.ownerId,
    },
    moved: { contactId, addresses: contact.addresses },
  };
}
