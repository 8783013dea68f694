import { describe, expect, it } from 'vitest';
import { createLatestSearch, type Timers } from './latest-search.ts';

function manualTimers() {
  let pending: { fn: () => void; at: number } | null = null;
  let now = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => (pending = { fn, at: now + ms }),
    clearTimeout: (h) => {
      if (h === pending) pending = null;
    },
  };
  return {
    timers,
    advance(ms: number) {
      now += ms;
      if (pending && pending.at <= now) {
        const { fn } = pending;
        pending = null;
        fn();
      }
    },
  };
}

describe('results as you type', () => {
  it('runs only the query typed last, after a pause', async () => {
    const clock = manualTimers();
    const ran: string[] = [];
    const shown: (string | null)[] = [];
    const search = createLatestSearch<string>({
      timers: clock.timers,
      debounceMs: 100,
      run: (q) => {
        ran.push(q);
        return Promise.resolve(`hits for ${q}`);
      },
      show: (r) => shown.push(r),
      fail: () => {},
    });
    search.set('报');
    clock.advance(50);
    search.set('报价');
    clock.advance(99);
    expect(ran).toEqual([]);
    clock.advance(1);
    expect(ran).toEqual(['报价']);
    await Promise.resolve();
    expect(shown).toEqual(['hits for 报价']);
    search.set('  ');
    expect(shown).toEqual(['hits for 报价', null]);
  });

  it('drops an answer that arrives after a newer query was asked', async () => {
    const clock = manualTimers();
    const answers = new Map<string, (v: string) => void>();
    const shown: (string | null)[] = [];
    const search = createLatestSearch<string>({
      timers: clock.timers,
      debounceMs: 10,
      run: (q) => new Promise((resolve) => answers.set(q, resolve)),
      show: (r) => shown.push(r),
      fail: () => {},
    });
    search.set('slow');
    clock.advance(10);
    search.set('fast');
    clock.advance(10);
    answers.get('fast')!('fast result');
    await Promise.resolve();
    answers.get('slow')!('slow result');
    await Promise.resolve();
    expect(shown).toEqual(['fast result']);
  });
});
