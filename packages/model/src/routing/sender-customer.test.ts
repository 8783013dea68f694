import { describe, expect, it } from 'vitest';
import { customerId, userId } from '../ids.ts';
import type { CustomerRecord } from '../customers/customer-record.ts';
import { routeMessage } from './route-message.ts';
import { EMPTY_ROUTING_STATE } from './rule-types.ts';
import { senderCustomer } from './sender-customer.ts';
import { member, message, rule } from './test-fixtures.ts';

const customers: CustomerRecord[] = [
  {
    id: customerId('acme'),
    name: 'Acme GmbH',
    domains: ['acme.de'],
    contacts: [
      { id: 'hans', name: 'Hans', addresses: ['hans@acme.de'] },
      { id: 'hp', name: 'Hans (private)', addresses: ['hans.meier@gmail.com'] },
    ],
    ownerId: userId('bo'),
  },
];

describe('senderCustomer', () => {
  it('finds the company for a new address at its domain or sub-domain', () => {
    expect(senderCustomer('Neue.Einkaeuferin@eu.ACME.de', customers)).toEqual({
      id: 'acme',
      name: 'Acme GmbH',
      ownerId: 'bo',
    });
  });

  it('finds a free-mail contact linked by hand, and nobody for other free-mail senders', () => {
    expect(senderCustomer('hans.meier@gmail.com', customers)?.id).toBe('acme');
    expect(senderCustomer('someone.else@gmail.com', customers)).toBeNull();
    expect(senderCustomer('x@acme-rival.de', customers)).toBeNull();
  });

  it("[RT1] routes a known company's new address to the owner, ahead of every rule", () => {
    const from = 'new.buyer@acme.de';
    const { decision } = routeMessage({
      message: message({ from: { address: from }, subject: 'Kugelhähne' }),
      customer: senderCustomer(from, customers),
      rules: [rule('all-to-anna', { actions: [{ kind: 'assign', memberId: userId('anna') }] })],
      members: [member('anna'), member('bo')],
      state: EMPTY_ROUTING_STATE,
    });
    expect(decision).toMatchObject({
      outcome: 'owner',
      assigneeId: 'bo',
      reason: { en: 'owner of customer Acme GmbH' },
    });
  });
});
