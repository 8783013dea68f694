import { describe, expect, it } from 'vitest';
import { slaState, type SlaPolicy } from './sla-state.ts';
import { addWorkingMs, workingMsBetween, type WorkingHours } from './working-hours.ts';
import { instantOf, offsetMinutes } from './zoned-time.ts';

const weekdays = (spans: { start: string; end: string }[]) => ({
  mon: spans,
  tue: spans,
  wed: spans,
  thu: spans,
  fri: spans,
});
const shanghai: WorkingHours = {
  timeZone: 'Asia/Shanghai',
  week: weekdays([
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ]),
  holidays: ['2026-10-01', '2026-10-02'],
};
const berlin: WorkingHours = {
  timeZone: 'Europe/Berlin',
  week: weekdays([{ start: '09:00', end: '17:00' }]),
};
const newYork: WorkingHours = {
  timeZone: 'America/New_York',
  week: weekdays([{ start: '09:00', end: '17:00' }]),
};
const twoHours: SlaPolicy = { firstReplyMinutes: 120, dueSoonMinutes: 30 };
const at = (iso: string) => Date.parse(iso);
const fresh = (receivedAt: number) => ({ receivedAt, firstReplyAt: null });

describe('zoned time', () => {
  it('knows offsets on both sides of a DST change', () => {
    expect(offsetMinutes(at('2026-03-06T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutes(at('2026-03-09T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(offsetMinutes(at('2026-07-01T12:00:00Z'), 'Asia/Shanghai')).toBe(480);
  });

  it('maps local wall time to instants, gaps and overlaps included', () => {
    expect(instantOf({ year: 2026, month: 11, day: 23 }, 9 * 60, 'Asia/Shanghai')).toBe(
      at('2026-11-23T01:00:00Z'),
    );
    // Berlin skips 02:00–03:00 on 29 March 2026: 02:30 is read as 03:30 CEST.
    expect(instantOf({ year: 2026, month: 3, day: 29 }, 150, 'Europe/Berlin')).toBe(
      at('2026-03-29T01:30:00Z'),
    );
    // and repeats 02:00–03:00 on 25 October 2026: the first 02:30 (CEST) is taken.
    expect(instantOf({ year: 2026, month: 10, day: 25 }, 150, 'Europe/Berlin')).toBe(
      at('2026-10-25T00:30:00Z'),
    );
  });
});

describe('working time', () => {
  it('skips the lunch break', () => {
    expect(addWorkingMs(at('2026-11-23T11:30:00+08:00'), 60 * 60_000, shanghai)).toBe(
      at('2026-11-23T13:30:00+08:00'),
    );
  });

  it('skips holidays', () => {
    // Wednesday 30 September, 17:00; Thursday and Friday are 国庆节 holidays.
    expect(addWorkingMs(at('2026-09-30T17:00:00+08:00'), 120 * 60_000, shanghai)).toBe(
      at('2026-10-05T10:00:00+08:00'),
    );
  });

  it('counts working time between two instants', () => {
    expect(workingMsBetween(at('2026-11-27T17:00:00+08:00'), at('2026-11-30T10:00:00+08:00'), shanghai)).toBe(
      2 * 3_600_000,
    );
    expect(workingMsBetween(at('2026-11-30T10:00:00+08:00'), at('2026-11-27T17:00:00+08:00'), shanghai)).toBe(
      0,
    );
  });

  it('refuses a policy without any working time', () => {
    expect(() => addWorkingMs(0, 60_000, { timeZone: 'UTC', week: {} })).toThrow(/no working time/);
    expect(() => addWorkingMs(0, 60_000, { timeZone: 'Mars/Olympus', week: {} })).toThrow(RangeError);
  });
});

describe('slaState', () => {
  it('[SL1] carries a Friday-evening arrival over the weekend', () => {
    const thread = fresh(at('2026-11-27T17:00:00+08:00'));
    const dueAt = at('2026-11-30T10:00:00+08:00');
    expect(slaState(thread, twoHours, at('2026-11-27T17:10:00+08:00'), shanghai)).toEqual({
      status: 'ok',
      dueAt,
      replied: false,
      workingMinutesLeft: 110,
    });
    expect(slaState(thread, twoHours, at('2026-11-29T20:00:00+08:00'), shanghai)).toMatchObject({
      status: 'ok',
      workingMinutesLeft: 60,
    });
    expect(slaState(thread, twoHours, at('2026-11-30T09:45:00+08:00'), shanghai)).toMatchObject({
      status: 'due-soon',
      workingMinutesLeft: 15,
    });
    expect(slaState(thread, twoHours, dueAt, shanghai)).toMatchObject({
      status: 'overdue',
      workingMinutesLeft: 0,
    });
  });

  it('starts the clock at the next working hour for mail that arrives on a Saturday', () => {
    const thread = fresh(at('2026-11-28T11:00:00+08:00'));
    expect(slaState(thread, twoHours, at('2026-11-28T23:00:00+08:00'), shanghai).dueAt).toBe(
      at('2026-11-30T11:00:00+08:00'),
    );
  });

  it("[SL1] counts in each mailbox's own time zone", () => {
    // Monday 08:00 UTC is 16:00 in Shanghai (two working hours left today) and 09:00 in Berlin.
    const thread = fresh(at('2026-11-23T08:00:00Z'));
    const fourHours = { firstReplyMinutes: 240, dueSoonMinutes: 30 };
    const now = at('2026-11-23T11:00:00Z');
    expect(slaState(thread, fourHours, now, shanghai)).toMatchObject({
      status: 'ok',
      dueAt: at('2026-11-24T03:00:00Z'),
    });
    expect(slaState(thread, fourHours, now, berlin)).toMatchObject({
      status: 'ok',
      dueAt: at('2026-11-23T12:00:00Z'),
      workingMinutesLeft: 60,
    });
    expect(slaState(thread, fourHours, at('2026-11-23T12:30:00Z'), berlin).status).toBe('overdue');
    expect(slaState(thread, fourHours, at('2026-11-23T12:30:00Z'), shanghai).status).toBe('ok');
  });

  it('follows the clock change over a weekend', () => {
    // Friday 16:00 EST, one working hour left; Monday after the switch to EDT, 10:00 local is 14:00 UTC.
    const thread = fresh(at('2026-03-06T21:00:00Z'));
    expect(slaState(thread, twoHours, at('2026-03-07T12:00:00Z'), newYork).dueAt).toBe(
      at('2026-03-09T14:00:00Z'),
    );
  });

  it('[SL2] judges replied threads by when the reply went out', () => {
    const receivedAt = at('2026-11-23T09:00:00+08:00');
    expect(
      slaState(
        { receivedAt, firstReplyAt: at('2026-11-23T10:59:00+08:00') },
        twoHours,
        at('2026-12-01T00:00:00Z'),
        shanghai,
      ),
    ).toMatchObject({ status: 'ok', replied: true });
    expect(
      slaState(
        { receivedAt, firstReplyAt: at('2026-11-23T13:30:00+08:00') },
        twoHours,
        at('2026-12-01T00:00:00Z'),
        shanghai,
      ),
    ).toMatchObject({ status: 'overdue', replied: true });
  });
});
