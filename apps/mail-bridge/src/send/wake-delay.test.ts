import { describe, expect, it } from 'vitest';
import { MAX_WAIT_MS, wakeDelay } from './wake-delay.ts';

describe('wake delay', () => {
  it('waits until the send time, never less than zero, and never beyond what timers can hold', () => {
    const now = Date.UTC(2026, 10, 23);
    expect(wakeDelay(now + 1500, now)).toBe(1500);
    expect(wakeDelay(now - 1000, now)).toBe(0);
    // a send time years ahead (2099) must not overflow node's 2^31 ms timer limit
    expect(wakeDelay(Date.UTC(2099, 0, 5, 9), now)).toBe(MAX_WAIT_MS);
    expect(MAX_WAIT_MS).toBeLessThan(2 ** 31 - 1);
  });
});
