import { describe, expect, it } from 'vitest';
import { customerId, userId } from '../ids.ts';
import { customerKeyFor, customerLinksFrom } from './customer-key.ts';
import type { CustomerRecord } from './customer-record.ts';
import { mergeCustomers, splitContact } from './merge-customers.ts';

const acme: CustomerRecord = {
  id: customerId('acme'),
  name: 'Acme GmbH',
  domains: ['acme.de'],
  contacts: [
    { id: 'hans', name: 'Hans Meier', addresses: ['hans@acme.de'] },
    { id: 'eva', name: 'Eva Roth', addresses: ['eva@acme.de', 'eva.roth@gmail.com'] },
  ],
  ownerId: userId('anna'),
};

const acmeAsia: CustomerRecord = {
  id: customerId('acme-asia'),
  name: 'Acme Asia',
  domains: ['acme-asia.com', 'acme.de'],
  contacts: [
    { id: 'li', name: 'Li Wei', addresses: ['li@acme-asia.com'] },
    { id: 'eva', name: 'Eva R.', addresses: ['eva.roth@gmail.com', 'eva@acme-asia.com'] },
    { id: 'hans', name: 'Hans M.', addresses: ['hmeier@acme-asia.com'] },
  ],
  ownerId: userId('bo'),
};

describe('mergeCustomers', () => {
  it('moves contacts, addresses and domains and records what moved', () => {
    const result = mergeCustomers(acme, acmeAsia);
    expect(result.removedCustomerId).toBe('acme-asia');
    expect(result.customer.id).toBe('acme');
    expect(result.customer.domains).toEqual(['acme.de', 'acme-asia.com']);
    expect(result.moved.domains).toEqual(['acme-asia.com']);
    // Eva shares an address on both sides: one contact, with her new address added.
    expect(result.moved.foldedContacts).toEqual([{ from: 'eva', into: 'eva' }]);
    expect(result.customer.contacts.find((c) => c.id === 'eva')?.addresses).toEqual([
      'eva@acme.de',
      'eva.roth@gmail.com',
      'eva@acme-asia.com',
    ]);
    // A different person who happens to reuse a contact id keeps both records.
    expect(result.moved.contactIds).toEqual(['li', 'acme-asia:hans']);
    expect(result.moved.addresses).toEqual(['li@acme-asia.com', 'eva@acme-asia.com', 'hmeier@acme-asia.com']);
    expect(result.customer.contacts).toHaveLength(4);
  });

  it("keeps the target's owner and reports the source's", () => {
    expect(mergeCustomers(acme, acmeAsia).owner).toEqual({ kept: 'anna', dropped: 'bo' });
    expect(mergeCustomers({ ...acme, ownerId: null }, acmeAsia).owner).toEqual({ kept: 'bo', dropped: null });
  });

  it('leaves the inputs untouched and refuses a self-merge', () => {
    const before = structuredClone(acme);
    mergeCustomers(acme, acmeAsia);
    expect(acme).toEqual(before);
    expect(() => mergeCustomers(acme, acme)).toThrow(/itself/);
  });

  it('sends mail from the merged-in domain to the merged customer', () => {
    const { customer } = mergeCustomers(acme, acmeAsia);
    expect(customerKeyFor('new@acme-asia.com', customerLinksFrom([customer]))).toMatchObject({
      customerId: 'acme',
    });
  });
});

describe('splitContact', () => {
  it('moves one contact into a new customer that keeps the owner by default', () => {
    const result = splitContact(acme, 'eva', { id: customerId('eva-roth') });
    expect(result.customer.contacts.map((c) => c.id)).toEqual(['hans']);
    expect(result.split).toEqual({
      id: 'eva-roth',
      name: 'Eva Roth',
      domains: [],
      contacts: [acme.contacts[1]],
      ownerId: 'anna',
    });
    expect(result.moved).toEqual({ contactId: 'eva', addresses: ['eva@acme.de', 'eva.roth@gmail.com'] });
  });

  it("routes the contact's addresses to the new customer even at the old domain", () => {
    const { customer, split } = splitContact(acme, 'eva', { id: customerId('eva-roth'), ownerId: null });
    const links = customerLinksFrom([customer, split]);
    expect(customerKeyFor('eva@acme.de', links)).toMatchObject({ customerId: 'eva-roth' });
    expect(customerKeyFor('hans@acme.de', links)).toMatchObject({ customerId: 'acme' });
    expect(split.ownerId).toBeNull();
  });

  it('refuses an unknown contact', () => {
    expect(() => splitContact(acme, 'nobody', { id: customerId('x') })).toThrow(/no contact/);
  });
});
