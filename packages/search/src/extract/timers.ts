import type { Timers } from './extract.ts';

/** The real clock, for composition roots. */
export const systemTimers: Timers = {
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};
