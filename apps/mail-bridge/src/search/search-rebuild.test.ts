import { describe, expect, it } from 'vitest';
import { rebuildStatus } from './search-rebuild.ts';

describe('rebuild progress', () => {
  it('reports the rate since the start and the time left at that rate', () => {
    const run = { state: 'running' as const, done: 2_000, total: 10_000, startedAt: 0 };
    expect(rebuildStatus(run, null, 4_000)).toMatchObject({ rate: 500, etaSeconds: 16, finishedAt: null });
    expect(rebuildStatus({ ...run, done: 0 }, null, 4_000)).toMatchObject({ rate: null, etaSeconds: null });
  });

  it('stops the clock when the run ends', () => {
    const run = { state: 'done' as const, done: 10_000, total: 10_000, startedAt: 0 };
    expect(rebuildStatus(run, 5_000, 60_000)).toMatchObject({ rate: 2_000, etaSeconds: 0 });
    const failed = rebuildStatus({ ...run, state: 'failed' }, 5_000, 60_000, 'disk full');
    expect(failed).toMatchObject({ etaSeconds: null, error: 'disk full' });
  });
});
