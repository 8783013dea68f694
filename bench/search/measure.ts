export interface Latency {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(at(1)),
  };
}

export interface EngineResult {
  readonly engine: EngineName;
  readonly documents: number;
  readonly buildMs: number;
  readonly buildRatePerSec: number;
  readonly memory: { readonly heapMB: number; readonly rssMB: number; readonly diskMB: number | null };
  readonly queries: Record<string, Latency | null>;
  /**
   * CPU time of this process per query. On a shared machine wall-clock tails include time spent
   * descheduled; CPU time is what the query itself cost.
   */
  readonly cpuTime: Record<string, Latency | null>;
  /** Hits returned per query (limit 20), to show every engine found something. */
  readonly meanHits: Record<string, number>;
  /** word/phrase/negation for an admin who reads mailboxes they are not a member of. */
  readonly adminScope: Record<string, Latency | null>;
  /** Insert (committed) → found by a search, per message. */
  readonly freshness: Latency;
  /** Extra figures an engine has (e.g. lunr recent-segment rebuild). */
  readonly notes: Record<string, number | string>;
}

export type EngineName = 'fts5' | 'lunr' | 'flexsearch';
export const ENGINES: readonly EngineName[] = ['fts5', 'lunr', 'flexsearch'];
