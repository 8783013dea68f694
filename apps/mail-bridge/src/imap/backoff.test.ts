import { describe, expect, it } from 'vitest';
import { nextBackoff } from './backoff.ts';

describe('nextBackoff', () => {
  it('doubles up to the cap, jittered within the upper half', () => {
    expect(nextBackoff(1, () => 0)).toBe(500);
    expect(nextBackoff(1, () => 1)).toBe(1000);
    expect(nextBackoff(4, () => 0.5)).toBe(6000);
    expect(nextBackoff(40, () => 1)).toBe(300_000);
  });
});
