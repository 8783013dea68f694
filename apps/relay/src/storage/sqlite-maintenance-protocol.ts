// Messages between the sqlite DocStore and its maintenance thread.

export type MaintenanceRequest =
  | { kind: 'merge'; id: number; doc: string }
  | { kind: 'checkpoint'; id: number }
  | { kind: 'close'; id: number };

export interface MergedLog {
  /** The merged update replaces every row up to and including this seq. */
  lastSeq: number;
  merged: Uint8Array;
  removedBytes: number;
  removedCount: number;
}

export type MaintenanceReply =
  | { kind: 'merge'; id: number; result: MergedLog | undefined }
  | { kind: 'checkpoint'; id: number }
  | { kind: 'close'; id: number }
  | { kind: 'error'; id: number; message: string };
