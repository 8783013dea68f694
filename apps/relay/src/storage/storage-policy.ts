// Size cap and compaction policy, shared by every DocStore implementation so they behave alike.
// Design §2: a doc should stay under 1 MB; 5 MB is the hard cap the relay enforces.

export interface StoragePolicy {
  /** Appends past this size are refused (after a compaction attempt). */
  readonly maxDocBytes: number;
  /** Compact once this many updates are logged since the last compaction... */
  readonly compactAfterCount: number;
  /** ...or once the log since the last compaction outweighs the compacted base (amortised merging). */
  readonly compactMinLogBytes: number;
}

export const DEFAULT_STORAGE_POLICY: StoragePolicy = {
  maxDocBytes: 5 * 1024 * 1024,
  // Measured (bench/relay/results/notes.md, load B, 3 runs per variant): 100 re-merged every doc's
  // whole log in bursts when writers round-robin over docs; 1,000 cut server CPU per update by
  // 11–20% and the append→stored p99 3–9×, and load() still merges at most ~1,000 small rows.
  compactAfterCount: 1_000,
  compactMinLogBytes: 64 * 1024,
};

/** Target size from design §2; above it the relay warns, below the hard cap it still accepts. */
export const DOC_TARGET_BYTES = 1024 * 1024;

export interface LogShape {
  /** Size of the oldest row (the compacted base after a compaction). */
  readonly baseBytes: number;
  readonly bytes: number;
  readonly count: number;
}

export function shouldCompact(policy: StoragePolicy, log: LogShape): boolean {
  if (log.count < 2) return false;
  if (log.count >= policy.compactAfterCount) return true;
  const logBytes = log.bytes - log.baseBytes;
  return logBytes >= Math.max(policy.compactMinLogBytes, log.baseBytes);
}
