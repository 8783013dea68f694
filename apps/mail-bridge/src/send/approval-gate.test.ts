import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addMessages,
  entryRevision,
  putWorkspaceRow,
  queueOutbox,
  setCustomerFields,
  customerId,
} from '@wharf/model';
import { manualClock, threadStart, userContext } from '@wharf/model/testing';
import { approvalGate, type ApprovalLookup } from './approval-gate.ts';

const clock = manualClock();
const ann = userContext('ann', clock);

function world(body: string, approvalReasons?: { en: string; zh: string }[]) {
  const workspace = new Y.Doc();
  putWorkspaceRow(
    workspace,
    'approvalRules',
    { id: 'r1', name: 'Contracts', phrases: ['final contract'] },
    ann,
  );
  putWorkspaceRow(workspace, 'approvalRules', { id: 'r2', name: 'Key accounts', grades: ['A'] }, ann);
  const thread = new Y.Doc();
  addMessages(thread, threadStart(), [], ann);
  const entry = queueOutbox(
    thread,
    {
      to: [{ address: 'b@buyer.example' }],
      cc: [],
      subject: 'Re: order',
      body,
      messageIdDomain: 'wharf.test',
      ...(approvalReasons ? { approvalReasons } : {}),
    },
    ann,
  );
  return { workspace, thread, entry };
}

const never: ApprovalLookup = () => Promise.resolve(undefined);

describe('approval gate', () => {
  it('lets mail that matches no rule go without asking the relay', async () => {
    const { workspace, thread, entry } = world('Samples ship Monday.');
    const lookup: ApprovalLookup = () => Promise.reject(new Error('must not be asked'));
    expect(await approvalGate({ thread, entry, workspace, customer: undefined, lookup })).toEqual({
      kind: 'go',
    });
  });

  it("re-evaluates the rules itself: a client that left out the reasons still waits; the customer's grade counts", async () => {
    const { workspace, thread, entry } = world('Please sign the final contract.');
    const gate = await approvalGate({ thread, entry, workspace, customer: undefined, lookup: never });
    expect(gate).toEqual({
      kind: 'wait',
      reasons: [expect.objectContaining({ en: expect.stringContaining('final contract') })],
    });
    const plain = world('Samples ship Monday.');
    const customer = new Y.Doc();
    setCustomerFields(customer, { id: customerId('d-buyer.example'), grade: 'A' }, ann);
    const keyAccount = await approvalGate({ ...plain, customer, lookup: never });
    expect(keyAccount.kind).toBe('wait');
  });

  it("goes only when the relay's record approves the current revision; a stale, rejected or unreachable answer waits", async () => {
    const { workspace, thread, entry } = world('x', [{ en: 'asked by the client', zh: '客户端要求' }]);
    const revision = entryRevision(entry);
    const gate = (lookup: ApprovalLookup) =>
      approvalGate({ thread, entry, workspace, customer: undefined, lookup });
    expect((await gate(() => Promise.resolve({ revision, decision: 'approved' }))).kind).toBe('go');
    expect((await gate(() => Promise.resolve({ revision: 'older', decision: 'approved' }))).kind).toBe(
      'wait',
    );
    expect((await gate(() => Promise.resolve({ revision, decision: 'rejected' }))).kind).toBe('wait');
    expect((await gate(() => Promise.reject(new Error('relay down')))).kind).toBe('wait');
    expect(
      (await approvalGate({ thread, entry, workspace, customer: undefined, lookup: undefined })).kind,
    ).toBe('wait');
  });
});
