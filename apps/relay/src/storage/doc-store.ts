// The storage port of the relay: a per-doc append-only log of Yjs updates with a sequence
// number. The relay never applies updates to a Y.Doc; it stores bytes and merges them.
// Every implementation runs `runDocStoreConformance` (doc-store-conformance.ts).

export interface StoredDoc {
  /** All stored updates merged into one (an empty Yjs update for an unknown doc). */
  readonly update: Uint8Array;
  /** Number of updates ever appended (0 for an unknown doc); survives compaction. */
  readonly seq: number;
}

export interface DocStats {
  readonly seq: number;
  /** Bytes currently stored for the doc (after the last compaction plus the log since). */
  readonly bytes: number;
  /** Stored rows (1 after a compaction). */
  readonly count: number;
}

export interface AppendResult {
  readonly seq: number;
  readonly bytes: number;
}

/**
 * Contract (checked by the conformance suite):
 * - `append` resolves only once the update is durable; appends to one doc get consecutive seqs
 *   in call order and their promises settle in call order.
 * - An append that would take a doc past `maxDocBytes` rejects with DocTooLargeError and changes
 *   nothing.
 * - `load` returns committed updates only.
 * - `close` waits for pending appends.
 */
export interface DocStore {
  load(doc: string): Promise<StoredDoc>;
  append(doc: string, update: Uint8Array): Promise<AppendResult>;
  compact(doc: string): Promise<void>;
  /** Current seq of each doc (0 for unknown docs), in one call: catch-up asks for thousands. */
  seqs(docs: readonly string[]): Promise<Map<string, number>>;
  stats(doc: string): Promise<DocStats>;
  /** Names of the committed docs starting with `prefix`, sorted (e.g. every `customer/` doc). */
  names(prefix: string): Promise<string[]>;
  /** Resolves once pending appends are committed and background compactions have finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export class DocTooLargeError extends Error {
  override name = 'DocTooLargeError';
  readonly doc: string;
  readonly bytes: number;
  readonly limit: number;
  constructor(doc: string, bytes: number, limit: number) {
    super(`doc ${doc} would grow to ${bytes} bytes, over the ${limit}-byte cap`);
    this.doc = doc;
    this.bytes = bytes;
    this.limit = limit;
  }
}

/** The Yjs encoding of an update that contains nothing (no structs, empty delete set). */
export const EMPTY_UPDATE: Uint8Array = new Uint8Array([0, 0]);
