import type { LatencySummary } from '../messages.ts';

/** Fixed-capacity sample store; sorting once at the end is cheaper than a live histogram here. */
export class LatencySamples {
  #values: Float64Array;
  #count = 0;

  constructor(capacity: number) {
    this.#values = new Float64Array(Math.max(1, capacity));
  }

  add(ms: number): void {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = ms;
  }

  summary(): LatencySummary | null {
    if (this.#count === 0) return null;
    const sorted = this.#values.subarray(0, this.#count).sort();
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    let sum = 0;
    for (const value of sorted) sum += value;
    return {
      p50: round(at(0.5)),
      p95: round(at(0.95)),
      p99: round(at(0.99)),
      max: round(sorted[sorted.length - 1]!),
      mean: round(sum / sorted.length),
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
