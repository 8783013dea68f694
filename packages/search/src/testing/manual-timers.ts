// Timers a test fires by hand (`fire()`), for the extractors' time limits: nothing waits on the clock.
import type { Timers } from '../extract/extract.ts';

export function manualTimers() {
  const pending = new Set<() => void>();
  const timers: Timers = {
    after(_ms, fn) {
      pending.add(fn);
      return () => pending.delete(fn);
    },
  };
  return { timers, fire: () => [...pending].forEach((fn) => fn()), pending };
}
