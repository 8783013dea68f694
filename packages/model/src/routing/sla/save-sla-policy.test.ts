import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { BRIDGE_ACTOR } from '../../deps.ts';
import { mailboxId } from '../../ids.ts';
import { testDeps } from '../../testing/index.ts';
import { putWorkspaceRow, workspaceTable } from '../../workspace-doc/workspace-doc.ts';
import { removeMailboxSlaPolicy, saveMailboxSlaPolicy } from './save-sla-policy.ts';
import { slaPolicyFor } from './sla-policy-rows.ts';

const ctx = { deps: testDeps('m'), actor: BRIDGE_ACTOR };
const sales = mailboxId('sales');
const policy = {
  name: 'Sales',
  firstReplyMinutes: 120,
  dueSoonMinutes: 30,
  workingHours: {
    timeZone: 'Asia/Shanghai',
    week: { mon: [{ start: '09:00', end: '18:00' }] },
    holidays: [],
  },
};
const rows = (doc: Y.Doc) => [...workspaceTable(doc, 'slaPolicies').values()];

describe("a mailbox's SLA policy", () => {
  it('is stored for that mailbox, leaving the workspace default alone, and removed again', () => {
    const doc = new Y.Doc();
    putWorkspaceRow(
      doc,
      'slaPolicies',
      { ...policy, id: 'default', mailboxIds: [], firstReplyMinutes: 480 },
      ctx,
    );
    expect(saveMailboxSlaPolicy(doc, sales, policy, ctx)).toBe(true);
    expect(slaPolicyFor(sales, rows(doc))).toMatchObject({ id: 'sla:sales', firstReplyMinutes: 120 });
    expect(slaPolicyFor(mailboxId('info'), rows(doc))?.id).toBe('default');
    expect(saveMailboxSlaPolicy(doc, sales, { ...policy, firstReplyMinutes: 60 }, ctx)).toBe(true);
    expect(rows(doc)).toHaveLength(2);
    expect(removeMailboxSlaPolicy(doc, sales, ctx)).toBe(true);
    expect(slaPolicyFor(sales, rows(doc))?.id).toBe('default');
  });

  it('refuses a policy the bridge could not read, writing nothing', () => {
    const doc = new Y.Doc();
    const badZone = { ...policy, workingHours: { ...policy.workingHours, timeZone: 'Mars/Olympus' } };
    expect(saveMailboxSlaPolicy(doc, sales, badZone, ctx)).toBe(false);
    expect(saveMailboxSlaPolicy(doc, sales, { ...policy, firstReplyMinutes: 0 }, ctx)).toBe(false);
    expect(rows(doc)).toEqual([]);
  });
});
