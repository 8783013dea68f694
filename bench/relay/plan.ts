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
  /** Reruns of a failing step before a server leaves the ramp (the machine may be shared). */
  readonly retries: number;
}

export interface BenchPlan {
  readonly name: 'full' | 'quick';
  /**
   * Loads A and B run this many times per server, the servers taking turns, and the run with the
   * median p99 is reported: a burst of other work on a shared machine then hits one run of one
   * server, not the figure.
   */
  readonly repetitions: number;
  readonly loadA: Omit<LoadSpec, 'docPrefix'>;
  readonly loadB: Omit<LoadSpec, 'docPrefix'>;
  readonly ramp: RampPlan;
  /** A load passes when everything arrives, no socket fails and p99 stays under this. */
  readonly p99LimitMs: number;
}

export const fullPlan: BenchPlan = {
  name: 'full',
  repetitions: 3,
  loadA: {
    label: 'A',
    docs: 500,
    socketsPerDoc: 3,
    rate: 500,
    durationMs: 5_000,
    warmupMs: 1_000,
    drainMs: 3_000,
  },
  loadB: {
    label: 'B',
    docs: 100,
    socketsPerDoc: 3,
    rate: 16_000,
    durationMs: 4_000,
    warmupMs: 1_000,
    drainMs: 5_000,
  },
  ramp: {
    docs: 100,
    socketsPerDoc: 3,
    rates: [4_000, 8_000, 12_000, 16_000, 24_000, 32_000, 48_000],
    durationMs: 3_000,
    warmupMs: 500,
    drainMs: 3_000,
    retries: 1,
  },
  p99LimitMs: 100,
};

export const quickPlan: BenchPlan = {
  name: 'quick',
  repetitions: 1,
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
    rates: [8_000, 16_000],
    durationMs: 1_500,
    warmupMs: 300,
    drainMs: 1_500,
    retries: 0,
  },
  p99LimitMs: 100,
};
