import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz.ts';

const SEEDS = 100;

describe('convergence fuzz', () => {
  it(`[FZ1] ${SEEDS} seeds: 3–5 peers, random ops, random delivery and partitions end with identical projections`, () => {
    const failures = [];
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const result = runFuzz({ seed });
      if (!result.ok) failures.push({ seed, peers: result.peers, problem: result.problem });
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('[FZ1] a run is a function of its seed', () => {
    expect(runFuzz({ seed: 7 }).trace).toEqual(runFuzz({ seed: 7 }).trace);
  });
});
