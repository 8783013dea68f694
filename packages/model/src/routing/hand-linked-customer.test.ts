import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { customerView, putContact, setCustomerFields } from '../customer-doc/customer-doc.ts';
import { customerIndexRows, repairCustomerRow } from '../customers/customer-index.ts';
import { mergeCustomerDocs } from '../customers/merge-customer-docs.ts';
import { BRIDGE_ACTOR } from '../deps.ts';
import { customerId, mailboxId, userId, type CustomerId } from '../ids.ts';
import { userOrigin } from '../origins.ts';
import { threadView } from '../projections/thread-view.ts';
import { manualClock, messageRef, testDeps, threadStart, userContext } from '../testing/index.ts';
import { addMessages } from '../thread/messages.ts';
import type { ThreadOpContext } from '../thread/write.ts';
import { putWorkspaceRow } from '../workspace-doc/workspace-doc.ts';
import { routeArrival } from './route-arrival.ts';
import { mergedInto, senderCustomerIds } from './sender-customer.ts';
import { messageSummaryFromRef } from './summary-from-ref.ts';

const clock = manualClock();
const GMAIL = 'hans.private@gmail.com';

function world() {
  const indexes = new Map<string, Y.Doc>();
  const index = (mailbox: string, bucket: string) => {
    if (!indexes.has(`${mailbox}/${bucket}`)) indexes.set(`${mailbox}/${bucket}`, new Y.Doc());
    return indexes.get(`${mailbox}/${bucket}`)!;
  };
  const ctx: ThreadOpContext = { deps: testDeps('bridge', clock), actor: BRIDGE_ACTOR, index };
  const workspace = new Y.Doc();
  for (const id of ['ann', 'bo'])
    putWorkspaceRow(
      workspace,
      'members',
      { id: userId(id), name: id, email: `${id}@wharf.example`, role: 'member', active: true },
      ctx,
    );
  const docs = new Map<CustomerId, Y.Doc>();
  const doc = (id: CustomerId) => {
    if (!docs.has(id)) docs.set(id, new Y.Doc());
    return docs.get(id)!;
  };
  const customersIndex = new Y.Doc();
  const acme = doc(customerId('d-acme.de'));
  const bo = userContext('bo', clock);
  setCustomerFields(
    acme,
    {
      id: customerId('d-acme.de'),
      name: 'Acme',
      domains: ['acme.de'],
      ownerId: userId('bo'),
      stage: 'inquiry',
    },
    bo,
  );
  const arrive = () => {
    const thread = new Y.Doc();
    const start = threadStart('t1', 'sales', 'Samples please');
    const ref = messageRef('m1', { from: { address: GMAIL, name: 'Hans' }, subject: 'Samples please' });
    addMessages(thread, start, [ref], ctx);
    // What the bridge does: the sender's ids from the index, then what they were merged into.
    const held = new Map<CustomerId, Y.Doc>();
    for (const id of senderCustomerIds(GMAIL, customersIndex)) held.set(id, doc(id));
    for (const id of mergedInto(held)) held.set(id, doc(id));
    const result = routeArrival(
      {
        thread,
        threadId: start.threadId,
        mailboxId: mailboxId('sales'),
        workspace,
        customers: held,
        message: messageSummaryFromRef(ref, mailboxId('sales'), { text: 'Please send samples.' }),
        at: ref.date,
        openThreads: {},
      },
      ctx,
    );
    return { view: threadView(thread, clock.now())!, result, held };
  };
  return { acme, doc, customersIndex, arrive, bo };
}

describe('routing to a customer linked by hand', () => {
  it('[CU4] mail from an address linked by hand goes to that customer’s owner (index lookup)', () => {
    const w = world();
    // Without the link the gmail sender is a stranger: the rules decide (here: nobody).
    putContact(w.acme, { id: 'k9', name: 'Hans', addresses: [GMAIL] }, w.bo);
    expect(senderCustomerIds(GMAIL, w.customersIndex)).toEqual([`a-${GMAIL}`]);
    repairCustomerRow(w.acme, w.customersIndex, userOrigin(userId('bo')));
    expect(senderCustomerIds(GMAIL, w.customersIndex)).toEqual([`a-${GMAIL}`, 'd-acme.de']);
    const { view, result } = w.arrive();
    expect(result.customerId).toBe('d-acme.de');
    expect(view.assignee).toBe('bo');
    expect(view.routing?.outcome).toBe('owner');
    expect(customerView(w.acme).threads.map((t) => t.threadId)).toEqual(['t1']);
    // No stray customer for the linked address.
    expect(customerView(w.doc(customerId(`a-${GMAIL}`))).profile.id).toBeUndefined();
  });

  it('[CU5] a customer merged into another routes to the other one’s owner, even before the index has it', () => {
    const w = world();
    const own = w.doc(customerId(`a-${GMAIL}`));
    setCustomerFields(
      own,
      { id: customerId(`a-${GMAIL}`), name: 'Hans', domains: [], ownerId: userId('ann'), stage: 'inquiry' },
      w.bo,
    );
    putContact(own, { id: 'k9', name: 'Hans', addresses: [GMAIL] }, w.bo);
    mergeCustomerDocs(w.acme, own, w.bo);
    expect(customerIndexRows(w.customersIndex).size).toBe(0);
    const { view, held } = w.arrive();
    expect([...held.keys()]).toEqual([`a-${GMAIL}`, 'd-acme.de']);
    expect(view.assignee).toBe('bo');
  });
});
