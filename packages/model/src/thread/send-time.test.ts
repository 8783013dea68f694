import { describe, expect, it } from 'vitest';
import { nextMorning, proposeSendTime, timeZoneForCountry } from './send-time.ts';

const at = (iso: string) => Date.parse(iso);

describe('send time', () => {
  it("[SC1] proposes the customer's next weekday 09:00 in their zone, from their country", () => {
    // Monday 23 Nov 2026 10:00 in Shanghai = 03:00 in Berlin: Berlin's 09:00 is still ahead today
    expect(proposeSendTime(at('2026-11-23T02:00:00Z'), { country: 'DE' })).toEqual({
      at: at('2026-11-23T08:00:00Z'),
      timeZone: 'Europe/Berlin',
      localTime: '09:00',
    });
    // after 09:00 in New York: tomorrow
    expect(proposeSendTime(at('2026-11-23T15:00:00Z'), { country: 'United States' })?.at).toBe(
      at('2026-11-24T14:00:00Z'),
    );
    // Friday evening in Berlin: Monday
    expect(nextMorning(at('2026-11-27T18:00:00Z'), 'Europe/Berlin').at).toBe(at('2026-11-30T08:00:00Z'));
    // a known zone beats the country; unknown country and zone give nothing
    expect(proposeSendTime(at('2026-11-23T02:00:00Z'), { country: 'DE', timeZone: 'Asia/Tokyo' })?.at).toBe(
      at('2026-11-24T00:00:00Z'),
    );
    expect(proposeSendTime(at('2026-11-23T02:00:00Z'), { country: 'Atlantis' })).toBeUndefined();
    expect(proposeSendTime(at('2026-11-23T02:00:00Z'), { timeZone: 'Mars/Olympus' })).toBeUndefined();
    expect(timeZoneForCountry('德国')).toBe('Europe/Berlin');
  });

  it('[SC1] follows daylight saving: 09:00 in Berlin is 07:00 UTC in summer', () => {
    expect(nextMorning(at('2026-07-01T12:00:00Z'), 'Europe/Berlin').at).toBe(at('2026-07-02T07:00:00Z'));
  });
});
