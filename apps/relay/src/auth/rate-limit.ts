// Pure core: counts failed logins per key (email + IP) in a fixed window, in memory.
// A relay restart forgets the counts, which is acceptable for a small team's server.
export interface Clock {
  now(): number;
}

export interface RateLimitOptions {
  clock: Clock;
  maxFailures?: number;
  windowMs?: number;
  /** Bounds memory under a spray of distinct keys; the oldest entries are dropped first. */
  maxKeys?: number;
}

export interface LoginRateLimiter {
  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(key: string): number;
  fail(key: string): void;
  succeed(key: string): void;
}

export function createLoginRateLimiter({
  clock,
  maxFailures = 5,
  windowMs = 15 * 60_000,
  maxKeys = 10_000,
}: RateLimitOptions): LoginRateLimiter {
  const failures = new Map<string, { count: number; since: number }>();

  const current = (key: string) => {
    const entry = failures.get(key);
    if (entry && clock.now() - entry.since >= windowMs) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    retryAfter(key) {
      const entry = current(key);
      if (!entry || entry.count < maxFailures) return 0;
      return entry.since + windowMs - clock.now();
    },
    fail(key) {
      const entry = current(key);
      if (entry) {
        entry.count++;
        return;
      }
      if (failures.size >= maxKeys) failures.delete(failures.keys().next().value!);
      failures.set(key, { count: 1, since: clock.now() });
    },
    succeed(key) {
      failures.delete(key);
    },
  };
}
