import { describe, expect, it } from 'vitest';
import { createLoginRateLimiter } from './rate-limit.ts';

describe('login rate limiter', () => {
  const setup = () => {
    let now = 1_000;
    const clock = { now: () => now };
    const limiter = createLoginRateLimiter({ clock, maxFailures: 3, windowMs: 60_000, maxKeys: 2 });
    return { limiter, advance: (ms: number) => (now += ms) };
  };

  it('blocks a key after maxFailures until the window passes', () => {
    const { limiter, advance } = setup();
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a|ip')).toBe(0);
      limiter.fail('a|ip');
    }
    expect(limiter.retryAfter('a|ip')).toBe(60_000);
    advance(59_999);
    expect(limiter.retryAfter('a|ip')).toBe(1);
    advance(1);
    expect(limiter.retryAfter('a|ip')).toBe(0);
  });

  it('keeps keys apart and forgets a key on success', () => {
    const { limiter } = setup();
    for (let i = 0; i < 3; i++) limiter.fail('a|ip');
    expect(limiter.retryAfter('b|ip')).toBe(0);
    limiter.succeed('a|ip');
    expect(limiter.retryAfter('a|ip')).toBe(0);
  });

  it('drops the oldest key when full', () => {
    const { limiter } = setup();
    for (let i = 0; i < 3; i++) limiter.fail('a');
    limiter.fail('b');
    limiter.fail('c');
    expect(limiter.retryAfter('a')).toBe(0);
  });
});
