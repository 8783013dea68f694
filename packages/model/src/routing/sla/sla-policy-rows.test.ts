import { describe, expect, it } from 'vitest';
import { mailboxId } from '../../ids.ts';
import { parseSlaPolicy, slaPolicyFor } from './sla-policy-rows.ts';

const salesPolicy = {
  id: 'sales-2h',
  name: 'Sales: 2 working hours',
  mailboxIds: ['sales'],
  firstReplyMinutes: 120,
  dueSoonMinutes: 30,
  escalateAfterMinutes: 240,
  workingHours: {
    timeZone: 'Asia/Shanghai',
    week: { mon: [{ start: '09:00', end: '18:00' }], fri: [{ start: '09:00', end: '24:00' }] },
    holidays: ['2026-10-01'],
  },
};
const defaultPolicy = { ...salesPolicy, id: 'default', mailboxIds: [], firstReplyMinutes: 480 };

describe('SLA policy rows', () => {
  it('reads a well-formed row', () => {
    expect(parseSlaPolicy(JSON.parse(JSON.stringify(salesPolicy)))).toEqual(salesPolicy);
  });

  it.each([
    ['an unknown time zone', { workingHours: { ...salesPolicy.workingHours, timeZone: 'Mars/Olympus' } }],
    [
      'a bad time',
      { workingHours: { ...salesPolicy.workingHours, week: { mon: [{ start: '9', end: '18:00' }] } } },
    ],
    [
      'an end before the start',
      { workingHours: { ...salesPolicy.workingHours, week: { mon: [{ start: '18:00', end: '09:00' }] } } },
    ],
    ['an unknown weekday', { workingHours: { ...salesPolicy.workingHours, week: { funday: [] } } }],
    ['a bad holiday', { workingHours: { ...salesPolicy.workingHours, holidays: ['1 Oct'] } }],
    ['no target', { firstReplyMinutes: 0 }],
    ['a negative warning window', { dueSoonMinutes: -5 }],
    ['a non-numeric escalation', { escalateAfterMinutes: 'soon' }],
    ['mailboxes that are not a list', { mailboxIds: 'sales' }],
  ])('ignores a row with %s', (_name, patch) =>
    expect(parseSlaPolicy({ ...salesPolicy, ...patch })).toBeUndefined(),
  );

  it("picks the mailbox's own policy, else the default, else none", () => {
    const rows = [defaultPolicy, salesPolicy, { id: 'broken' }];
    expect(slaPolicyFor(mailboxId('sales'), rows)?.id).toBe('sales-2h');
    expect(slaPolicyFor(mailboxId('info'), rows)?.id).toBe('default');
    expect(slaPolicyFor(mailboxId('info'), [salesPolicy])).toBeUndefined();
  });
});
