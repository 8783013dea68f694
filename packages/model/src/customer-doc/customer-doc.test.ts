import { describe, expect, it } from 'vitest';
import { customerId, userId } from '../ids.ts';
import { createNetwork, manualClock, userContext } from '../testing/index.ts';
import { addCustomerTask, customerView, putContact, setCustomerFields, setTaskDone } from './customer-doc.ts';

const clock = manualClock();

describe('customer doc', () => {
  it('[CU1] concurrent edits of different profile fields merge; contacts and tasks are rows', () => {
    const net = createNetwork();
    const [a, b] = [net.peer('a').doc('customer/c1'), net.peer('b').doc('customer/c1')];
    setCustomerFields(
      a,
      { id: customerId('c1'), name: 'Müller GmbH', country: 'DE' },
      userContext('ann', clock),
    );
    net.flush();
    setCustomerFields(a, { grade: 'A' }, userContext('ann', clock));
    setCustomerFields(b, { stage: 'sample sent', ownerId: userId('bob') }, userContext('bob', clock));
    putContact(b, { id: 'k1', name: 'Hans', addresses: ['hans@mueller.example'] }, userContext('bob', clock));
    const task = addCustomerTask(
      a,
      { title: 'Send price list', due: clock.now() + 86_400_000 },
      userContext('ann', clock),
    );
    net.flush();
    expect(setTaskDone(b, task.id, true, userContext('bob', clock))).toBe(true);
    net.flush();
    const view = customerView(a);
    expect(view).toEqual(customerView(b));
    expect(view.profile).toMatchObject({
      name: 'Müller GmbH',
      grade: 'A',
      stage: 'sample sent',
      ownerId: 'bob',
    });
    expect(view.contacts.map((c) => c.name)).toEqual(['Hans']);
    expect(view.tasks.map((t) => [t.title, t.done])).toEqual([['Send price list', true]]);
  });
});
