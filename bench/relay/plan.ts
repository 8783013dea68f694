// The workloads. Load A and B follow issue #2 (1,500 sockets / 500 docs / 500 updates/s; 100 docs at
// 16,000 updates/s); the ramp looks for the highest rate a server sustains on the load-B topology.
import type { LoadSpec } from './messages.ts';

export interface RampPlan {
  readonly docs: number;
  readonly socketsPerDoc: number;
  readonly rates: readonly number[];
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly drainMs: number;
  /** A step passes when everything arrives and p99 stays under this. */
  readonly p99LimitMs: number;
}

export interface BenchPlan {
  readonly name: 'full' | 'quick';
  readonly loadA: Omit<LoadSpec, 'docPrefix'>;
  readonly loadB: Omit<LoadSpec, 'docPrefix'>;
  readonly ramp: RampPlan;
}

export const fullPlan: BenchPlan = {
  name: 'full',
  loadA: {
    label: 'A',
    docs: 500,
    socketsPerDoc: 3,
    rate: 500,
    durationMs: 10_000,
    warmupMs: 1_000,
    drainMs: 3_000,
  },
  loadB: {
    label: 'B',
    docs: 100,
    socketsPerDoc: 3,
    rate: 16_000,
    durationMs: 8_000,
    warmupMs: 1_000,
    drainMs: 5_000,
  },
  ramp: {
    docs: 100,
    socketsPerDoc: 3,
    rates: [4_000, 8_000, 16_000, 24_000, 32_000, 40_000, 48_000, 64_000],
    durationMs: 4_000,
    warmupMs: 500,
    drainMs: 2_000,
    p99LimitMs: 100,
  },
};

export const quickPlan: BenchPlan = {
  name: 'quick',
  loadA: {
    label: 'A',
    docs: 500,
    socketsPerDoc: 3,
    rate: 500,
    durationMs: 2_000,
    warmupMs: 500,
    drainMs: 2_000,
  },
  loadB: {
    label: 'B',
    docs: 100,
    socketsPerDoc: 3,
    rate: 16_000,
    durationMs: 2_000,
    warmupMs: 500,
    drainMs: 2_000,
  },
  ramp: {
    docs: 100,
    socketsPerDoc: 3,
    rates: [8_000, 32_000],
    durationMs: 1_500,
    warmupMs: 300,
    drainMs: 1_500,
    p99LimitMs: 100,
  },
};
