import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('reconnect backoff', () => {
  const options = { initialMs: 100, maxMs: 1_000 };

  it('doubles per attempt up to the ceiling, half fixed and half jitter', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, () => 0, options))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, () => 0.999999, options).toFixed(0))).toEqual([
      '100',
      '200',
      '400',
      '800',
      '1000',
      '1000',
    ]);
  });

  it('spreads clients that fail together', () => {
    const values = [0.1, 0.5, 0.9].map((r) => backoffDelay(3, () => r, options));
    expect(new Set(values).size).toBe(3);
  });
});
