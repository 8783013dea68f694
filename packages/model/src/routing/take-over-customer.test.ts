import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { customerView, setCustomerFields } from '../customer-doc/customer-doc.ts';
import { customerId, userId } from '../ids.ts';
import { threadView } from '../projections/thread-view.ts';
import { manualClock, threadStart, userContext } from '../testing/index.ts';
import { addMessages } from '../thread/messages.ts';
import { takeOverCustomer } from './take-over-customer.ts';

describe('taking over a customer from a thread', () => {
  it('[RT11] moves the owner, logs it on the timeline and assigns the thread to the taker', () => {
    const clock = manualClock();
    const customer = new Y.Doc();
    const thread = new Y.Doc();
    setCustomerFields(
      customer,
      { id: customerId('d-acme.de'), name: 'ACME', ownerId: userId('ann') },
      userContext('ann', clock),
    );
    addMessages(thread, threadStart(), [], userContext('ann', clock));
    const result = takeOverCustomer({ customer, thread, subject: 'RFQ valves' }, userContext('bob', clock));
    expect(result).toEqual({ ok: true, from: 'ann' });
    const view = customerView(customer);
    expect(view.profile.ownerId).toBe('bob');
    expect(view.events).toMatchObject([
      {
        type: 'owner-changed',
        from: 'ann',
        to: 'bob',
        by: { kind: 'user', userId: 'bob' },
        note: { en: "taken over from the thread 'RFQ valves'", zh: "在会话 'RFQ valves' 中接手" },
      },
    ]);
    const activity = threadView(thread, clock.now())?.activity ?? [];
    expect(activity.at(-1)?.action).toEqual({ type: 'assigned', assignee: 'bob' });
    expect(takeOverCustomer({ customer, thread, subject: 'RFQ valves' }, userContext('bob', clock))).toEqual({
      ok: false,
    });
  });
});
