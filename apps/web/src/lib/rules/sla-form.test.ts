import { describe, expect, it } from 'vitest';
import { mailboxId, parseSlaPolicy } from '@wharf/model';
import { slaFormFrom, slaInputFrom } from './sla-form.ts';

describe('SLA form', () => {
  it('round-trips a policy the model accepts', () => {
    const form = { ...slaFormFrom(undefined, 'Asia/Shanghai'), hours: 1.5, escalateAfterMinutes: 60 };
    const input = slaInputFrom(form, 'Sales');
    const row = parseSlaPolicy({ ...input, id: 'sla:sales', mailboxIds: ['sales'] });
    expect(row).toMatchObject({ firstReplyMinutes: 90, escalateAfterMinutes: 60 });
    expect(row?.workingHours.week).toEqual(
      Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '18:00' }]]),
      ),
    );
    expect(slaFormFrom(row, 'UTC')).toEqual(form);
    expect(row?.mailboxIds).toEqual([mailboxId('sales')]);
  });

  it('yields a policy the model refuses when the hours are backwards', () => {
    const input = slaInputFrom({ ...slaFormFrom(undefined, 'UTC'), start: '18:00', end: '09:00' }, 'x');
    expect(parseSlaPolicy({ ...input, id: 'x', mailboxIds: [] })).toBeUndefined();
  });
});
