// Messages between the sqlite DocStore and its writer thread.

export interface RowWrite {
  doc: string;
  seq: number;
  data: Uint8Array;
}

/** Per doc in a batch: the new seq, and bytes/count to add (baseBytes only used for a new doc). */
export interface DocDelta {
  doc: string;
  seq: number;
  bytes: number;
  count: number;
  baseBytes: number;
}

export interface CompactionChange {
  removedBytes: number;
  removedCount: number;
  mergedBytes: number;
}

export type WriterRequest =
  | { kind: 'batch'; id: number; rows: RowWrite[]; docs: DocDelta[] }
  | { kind: 'compact'; id: number; doc: string }
  | { kind: 'close'; id: number };

export type WriterReply =
  | { kind: 'batch'; id: number }
  | { kind: 'compact'; id: number; doc: string; change: CompactionChange | undefined }
  | { kind: 'close'; id: number }
  | { kind: 'error'; id: number; message: string };
