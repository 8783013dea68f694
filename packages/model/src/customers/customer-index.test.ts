import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCustomerTask,
  addCustomerThread,
  customerView,
  putContact,
  setCustomerFields,
  setCustomerStage,
  setTaskDone,
  updateTask,
} from '../customer-doc/customer-doc.ts';
import { customerId, mailboxId, threadId, userId } from '../ids.ts';
import { userOrigin } from '../origins.ts';
import { threadView } from '../projections/thread-view.ts';
import { createNetwork, manualClock, messageRef, threadStart, userContext } from '../testing/index.ts';
import { addComment } from '../thread/discussion.ts';
import { addMessages } from '../thread/messages.ts';
import { workspaceSettings } from '../workspace-doc/workspace-doc.ts';
import { customerKeyFor } from './customer-key.ts';
import {
  customerIndexRows,
  customerLinksFromIndex,
  customerList,
  repairCustomerRow,
} from './customer-index.ts';
import { customerTimeline } from './customer-timeline.ts';
import { dueItems } from './due-items.ts';
import { mergeCustomerDocs, splitContactOut, splitTargetId } from './merge-customer-docs.ts';
import { DEFAULT_PIPELINE, pipelineStages } from './pipeline.ts';

const HOUR = 3_600_000;
const ann = userId('ann');
const bo = userId('bo');

function customer(id: string, fields: Record<string, unknown> = {}, clock = manualClock()): Y.Doc {
  const doc = new Y.Doc();
  setCustomerFields(
    doc,
    {
      id: customerId(id),
      name: id,
      company: id,
      country: '',
      website: '',
      domains: [],
      grade: null,
      stage: 'inquiry',
      ownerId: ann,
      ...fields,
    },
    userContext('ann', clock),
  );
  return doc;
}

describe('customer index', () => {
  it('[CU3] rows are the customer docs summarised; concurrent edits converge after repair', () => {
    const clock = manualClock();
    const net = createNetwork();
    const [a, b] = [net.peer('a'), net.peer('b')];
    setCustomerFields(
      a.doc('customer/acme'),
      { id: customerId('acme'), name: 'Acme', domains: ['acme.de'], ownerId: ann, stage: 'inquiry' },
      userContext('ann', clock),
    );
    repairCustomerRow(a.doc('customer/acme'), a.doc('customers'), userOrigin(ann));
    net.flush();
    // Different fields on two peers, each rewriting the whole row from what it saw.
    setCustomerFields(a.doc('customer/acme'), { grade: 'A' }, userContext('ann', clock));
    repairCustomerRow(a.doc('customer/acme'), a.doc('customers'), userOrigin(ann));
    putContact(
      b.doc('customer/acme'),
      { id: 'k1', name: 'Hans', addresses: ['hans.private@gmail.com'] },
      userContext('bo', clock),
    );
    repairCustomerRow(b.doc('customer/acme'), b.doc('customers'), userOrigin(bo));
    net.flush();
    for (const peer of [a, b])
      repairCustomerRow(peer.doc('customer/acme'), peer.doc('customers'), userOrigin(ann));
    net.flush();
    const rows = [a, b].map((peer) => customerIndexRows(peer.doc('customers')).get('acme'));
    expect(rows[0]).toEqual(rows[1]);
    expect(rows[0]).toMatchObject({
      grade: 'A',
      addresses: ['hans.private@gmail.com'],
      domains: ['acme.de'],
    });
    // A peer whose row is right writes nothing, so repair terminates.
    expect(repairCustomerRow(a.doc('customer/acme'), a.doc('customers'), userOrigin(ann))).toBe(false);
  });

  it('[CU3] list and search leave merged customers out', () => {
    const index = new Y.Doc();
    const acme = customer('acme', { name: 'Acme GmbH', country: 'DE', tags: ['price-sensitive'] });
    putContact(acme, { id: 'k1', name: 'Hans Meier', addresses: ['hans@acme.de'] }, userContext('ann'));
    const gone = customer('old', { name: 'Acme old', mergedInto: customerId('acme') });
    const byo = customer('byo', { name: 'Byo Ltd' });
    for (const doc of [acme, gone, byo]) repairCustomerRow(doc, index, userOrigin(ann));
    expect(customerList(index).map((row) => row.id)).toEqual(['acme', 'byo']);
    expect(customerList(index, 'hans').map((row) => row.id)).toEqual(['acme']);
    expect(customerList(index, 'PRICE de').map((row) => row.id)).toEqual(['acme']);
    expect(customerList(index, 'nobody')).toEqual([]);
  });

  it('[CU4] an address linked by hand resolves to its customer through the index', () => {
    const index = new Y.Doc();
    const acme = customer('d-acme.de', { domains: ['acme.de'] });
    putContact(acme, { id: 'k1', name: 'Hans', addresses: ['hans.private@gmail.com'] }, userContext('ann'));
    repairCustomerRow(acme, index, userOrigin(ann));
    const links = customerLinksFromIndex(index);
    expect(customerKeyFor('Hans.Private@gmail.com', links)).toMatchObject({
      customerId: 'd-acme.de',
      via: 'address',
    });
    expect(customerKeyFor('new@acme.de', links)).toMatchObject({ customerId: 'd-acme.de', via: 'domain' });
    expect(customerKeyFor('someone@gmail.com', links)?.kind).toBe('address');
  });
});

describe('merge and split on docs', () => {
  it('[CU5] merging moves contacts, domains, threads and open tasks; the source links nothing after', () => {
    const clock = manualClock();
    const ctx = userContext('ann', clock);
    const target = customer('d-acme.de', { domains: ['acme.de'] });
    putContact(target, { id: 'k1', name: 'Hans', addresses: ['hans@acme.de'], phone: '+49 1' }, ctx);
    const source = customer('a-hans.private@gmail.com', { ownerId: bo });
    putContact(source, { id: 'k2', name: 'Hans (private)', addresses: ['hans.private@gmail.com'] }, ctx);
    addCustomerThread(
      source,
      { mailboxId: mailboxId('sales'), threadId: threadId('t9'), subject: 'Samples', at: clock.now() },
      ctx,
    );
    const open = addCustomerTask(source, { title: 'Call back', assignee: bo }, ctx);
    const result = mergeCustomerDocs(target, source, ctx);
    expect(result?.owner).toEqual({ kept: ann, dropped: bo });
    const merged = customerView(target);
    expect(merged.contacts.map((c) => c.id).sort()).toEqual(['k1', 'k2']);
    expect(merged.contacts.find((c) => c.id === 'k1')?.phone).toBe('+49 1');
    expect(merged.threads.map((t) => t.threadId)).toEqual(['t9']);
    expect(merged.tasks.map((t) => t.id)).toEqual([open.id]);
    expect(merged.events).toMatchObject([
      { type: 'merged', direction: 'from', other: 'a-hans.private@gmail.com' },
    ]);
    expect(customerView(source).profile.mergedInto).toBe('d-acme.de');
    expect(customerView(source).tasks).toEqual([]);
    expect(mergeCustomerDocs(target, source, ctx)).toBeUndefined();

    const index = new Y.Doc();
    for (const doc of [target, source]) repairCustomerRow(doc, index, userOrigin(ann));
    expect(customerKeyFor('hans.private@gmail.com', customerLinksFromIndex(index))).toMatchObject({
      customerId: 'd-acme.de',
    });
  });

  it('[CU6] a split contact becomes the customer of its own address, and a merged one comes back', () => {
    const ctx = userContext('ann');
    const acme = customer('d-acme.de', { domains: ['acme.de'], stage: 'samples' });
    putContact(acme, { id: 'k2', name: 'Hans (private)', addresses: ['hans.private@gmail.com'] }, ctx);
    const id = splitTargetId({ addresses: ['Hans.Private@gmail.com'] })!;
    expect(id).toBe('a-hans.private@gmail.com');
    const fresh = new Y.Doc();
    expect(splitContactOut(acme, fresh, 'k2', ctx)).toBe(id);
    expect(customerView(acme).contacts).toEqual([]);
    expect(customerView(fresh)).toMatchObject({
      profile: { id, name: 'Hans (private)', ownerId: ann, stage: 'samples' },
      contacts: [{ id: 'k2' }],
      events: [{ type: 'split', direction: 'from', other: 'd-acme.de' }],
    });

    // Merged away earlier: splitting brings the old customer back rather than a copy.
    const old = customer(id, { mergedInto: customerId('d-acme.de'), ownerId: bo });
    putContact(acme, { id: 'k2', name: 'Hans (private)', addresses: ['hans.private@gmail.com'] }, ctx);
    splitContactOut(acme, old, 'k2', ctx);
    expect(customerView(old).profile).toMatchObject({ mergedInto: null, ownerId: bo });
    expect(splitContactOut(acme, old, 'missing', ctx)).toBeUndefined();
  });
});

describe('timeline', () => {
  it('[CU7] lists threads, messages, comments, stage changes and tasks across mailboxes, newest first', () => {
    const clock = manualClock();
    const ctx = userContext('ann', clock);
    const acme = customer('acme', {}, clock);
    const sales = new Y.Doc();
    addMessages(
      sales,
      threadStart('t1', 'sales', 'RFQ valves'),
      [messageRef('m1', { date: clock.now() })],
      ctx,
    );
    addCustomerThread(
      acme,
      { mailboxId: mailboxId('sales'), threadId: threadId('t1'), subject: 'RFQ valves', at: clock.now() },
      ctx,
    );
    clock.advance(HOUR);
    addCustomerThread(
      acme,
      { mailboxId: mailboxId('info'), threadId: threadId('t2'), subject: 'Catalogue', at: clock.now() },
      ctx,
    );
    clock.advance(HOUR);
    addComment(sales, { body: 'They want DN50' }, ctx);
    clock.advance(HOUR);
    setCustomerStage(acme, 'samples', ctx);
    clock.advance(HOUR);
    const task = addCustomerTask(acme, { title: 'Send samples', assignee: bo }, ctx);
    clock.advance(HOUR);
    setTaskDone(acme, task.id, true, ctx);
    expect(setCustomerStage(acme, 'samples', ctx)).toBe(false);

    const timeline = customerTimeline(customerView(acme), [
      { mailboxId: mailboxId('sales'), threadId: threadId('t1'), view: threadView(sales, clock.now()) },
      // The reader may not open info@: its thread shows, its content does not.
      { mailboxId: mailboxId('info'), threadId: threadId('t2'), view: undefined },
    ]);
    expect(timeline.map((item) => (item.kind === 'task' ? `task-${item.change}` : item.kind))).toEqual([
      'task-done',
      'task-created',
      'event',
      'comment',
      'thread',
      'thread',
      'message',
    ]);
    expect(timeline[2]).toMatchObject({ event: { type: 'stage-changed', from: 'inquiry', to: 'samples' } });
    expect(timeline.map((item) => item.at)).toEqual(
      [...timeline.map((item) => item.at)].sort((a, b) => b - a),
    );
  });
});

describe('tasks and follow-ups', () => {
  it('[TK1] concurrent edits of one task converge to one row; done and edit on two peers converge', () => {
    const clock = manualClock();
    const net = createNetwork();
    const [a, b] = [net.peer('a').doc('customer/acme'), net.peer('b').doc('customer/acme')];
    const task = addCustomerTask(a, { title: 'Quote', assignee: ann }, userContext('ann', clock));
    net.flush();
    setTaskDone(a, task.id, true, userContext('ann', clock));
    updateTask(b, task.id, { title: 'Quote v2' }, userContext('bo', clock));
    net.flush();
    expect(customerView(a).tasks).toEqual(customerView(b).tasks);
    expect(customerView(a).tasks).toHaveLength(1);
  });

  it('[TK2] tasks and follow-ups are due for their assignee or owner once the clock reaches them', () => {
    const clock = manualClock();
    const ctx = userContext('ann', clock);
    const index = new Y.Doc();
    const acme = customer('acme', { nextFollowUp: clock.now() + 2 * HOUR }, clock);
    const mine = addCustomerTask(
      acme,
      { title: 'Send price list', due: clock.now() + HOUR, assignee: ann },
      ctx,
    );
    addCustomerTask(acme, { title: 'Not mine', due: clock.now(), assignee: bo }, ctx);
    addCustomerTask(acme, { title: 'No date', assignee: ann }, ctx);
    repairCustomerRow(acme, index, userOrigin(ann));
    expect(dueItems(index, ann, clock.now())).toEqual([]);
    clock.advance(HOUR);
    expect(dueItems(index, ann, clock.now())).toMatchObject([{ kind: 'task', task: { id: mine.id } }]);
    clock.advance(HOUR);
    expect(dueItems(index, ann, clock.now()).map((item) => item.kind)).toEqual(['task', 'follow-up']);
    expect(dueItems(index, bo, clock.now()).map((item) => item.kind)).toEqual(['task']);
    setTaskDone(acme, mine.id, true, ctx);
    repairCustomerRow(acme, index, userOrigin(ann));
    expect(dueItems(index, ann, clock.now()).map((item) => item.kind)).toEqual(['follow-up']);
  });

  it('pipeline stages come from the workspace, with the default when unset or malformed', () => {
    const workspace = new Y.Doc();
    expect(pipelineStages(workspace)).toBe(DEFAULT_PIPELINE);
    workspaceSettings(workspace).set('pipelineStages', [
      { id: 'lead', name: { en: 'Lead', zh: '线索' } },
      { id: 'lead', name: { en: 'Dup', zh: '重复' } },
      { id: 42 },
    ]);
    expect(pipelineStages(workspace)).toEqual([{ id: 'lead', name: { en: 'Lead', zh: '线索' } }]);
    workspaceSettings(workspace).set('pipelineStages', 'nonsense');
    expect(pipelineStages(workspace).map((s) => s.id)).toEqual(DEFAULT_PIPELINE.map((s) => s.id));
  });
});
