import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { customerView, putContact, setCustomerFields } from '../customer-doc/customer-doc.ts';
import { customerId, userId } from '../ids.ts';
import { customerRecordFromView } from './from-customer-doc.ts';
import { userContext } from '../testing/fixtures.ts';

describe('customerRecordFromView', () => {
  it('reads identity, contacts and owner from a customer doc', () => {
    const doc = new Y.Doc();
    const ctx = userContext('anna');
    setCustomerFields(
      doc,
      { id: customerId('acme'), name: 'Acme GmbH', domains: ['acme.de'], ownerId: userId('bo') },
      ctx,
    );
    putContact(doc, { id: 'hans', name: 'Hans', addresses: ['hans@acme.de'], phone: '+49 30 1234' }, ctx);
    expect(customerRecordFromView(customerView(doc))).toEqual({
      id: 'acme',
      name: 'Acme GmbH',
      domains: ['acme.de'],
      contacts: [{ id: 'hans', name: 'Hans', addresses: ['hans@acme.de'] }],
      ownerId: 'bo',
    });
  });

  it('gives nothing for a doc without a profile yet', () => {
    expect(customerRecordFromView(customerView(new Y.Doc()))).toBeUndefined();
  });
});
