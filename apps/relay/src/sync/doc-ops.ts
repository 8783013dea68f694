// What both endpoints (/sync and /y/<doc>) do with a doc: store an update then fan it out, and
// answer a state vector with a diff. No server-side Y.Doc: diffs come from the merged stored bytes.
import * as Y from 'yjs';
import type { DocErrorCode } from '@wharf/sync';
import type { DocStore } from '../storage/doc-store.ts';
import { DocTooLargeError } from '../storage/doc-store.ts';
import type { Rooms, Subscriber } from './rooms.ts';

export interface SyncStats {
  /** Diffs computed against stored docs (subscribe or sync-step1 answers): the per-doc sync work. */
  syncs: number;
  /** Docs named in catch-up requests (answered from seqs alone). */
  catchUpDocs: number;
  updatesStored: number;
  updatesRejected: number;
  slowConsumerDrops: number;
  connections: number;
}

export const emptyStats = (): SyncStats => ({
  syncs: 0,
  catchUpDocs: 0,
  updatesStored: 0,
  updatesRejected: 0,
  slowConsumerDrops: 0,
  connections: 0,
});

export type AppendOutcome = { ok: true; seq: number } | { ok: false; code: DocErrorCode; reason: string };

export interface DocOpsDeps {
  store: DocStore;
  rooms: Rooms;
  stats: SyncStats;
  docWarnBytes: number;
  log: (message: string) => void;
}

export interface DocOps {
  /**
   * Validates, stores, then fans out. `onStored` runs in the same turn as the fanout, so a
   * writer's ack and other writers' updates reach each socket in seq order.
   */
  append(
    doc: string,
    update: Uint8Array,
    origin: Subscriber | undefined,
    onStored: (o: AppendOutcome) => void,
  ): void;
  /** The relay's diff for a client state vector, plus its own state vector and seq. */
  diff(
    doc: string,
    stateVector: Uint8Array,
  ): Promise<{ seq: number; update: Uint8Array; stateVector: Uint8Array }>;
  /** The relay's state vector for a doc (a y-websocket step1). */
  stateVector(doc: string): Promise<Uint8Array>;
  /** Resolves once every append started so far has settled (graceful shutdown). */
  settled(): Promise<void>;
}

export function createDocOps({ store, rooms, stats, docWarnBytes, log }: DocOpsDeps): DocOps {
  const inflight = new Set<Promise<unknown>>();
  const warned = new Set<string>();

  return {
    append(doc, update, origin, onStored) {
      if (!isValidUpdate(update)) {
        stats.updatesRejected++;
        onStored({ ok: false, code: 'invalid_update', reason: 'not a Yjs update' });
        return;
      }
      const done = store.append(doc, update).then(
        ({ seq, bytes }) => {
          stats.updatesStored++;
          onStored({ ok: true, seq });
          rooms.fanout(doc, seq, update, origin);
          if (bytes > docWarnBytes && !warned.has(doc)) {
            warned.add(doc);
            log(`doc ${doc} is ${bytes} bytes, above the ${docWarnBytes}-byte target`);
          }
        },
        (error: unknown) => {
          stats.updatesRejected++;
          if (error instanceof DocTooLargeError) {
            onStored({ ok: false, code: 'doc_too_large', reason: error.message });
          } else {
            log(`append to ${doc} failed: ${String(error)}`);
            onStored({ ok: false, code: 'internal', reason: 'storage failed' });
          }
        },
      );
      inflight.add(done);
      void done.finally(() => inflight.delete(done));
    },
    async diff(doc, stateVector) {
      stats.syncs++;
      const stored = await store.load(doc);
      return {
        seq: stored.seq,
        // a client holding nothing (a first load, the bridge opening a thread) gets the merged
        // stored bytes as they are: diffing against nothing decodes and re-encodes the whole doc
        update: holdsNothing(stateVector) ? stored.update : Y.diffUpdate(stored.update, stateVector),
        stateVector: Y.encodeStateVectorFromUpdate(stored.update),
      };
    },
    async stateVector(doc) {
      return Y.encodeStateVectorFromUpdate((await store.load(doc)).update);
    },
    async settled() {
      await Promise.allSettled([...inflight]);
    },
  };
}

/** The state vector of an empty doc: no client entries. */
const holdsNothing = (stateVector: Uint8Array) => stateVector.length === 1 && stateVector[0] === 0;

/** Parsing the update's metadata walks its structs: garbage never reaches the log of everyone. */
function isValidUpdate(update: Uint8Array): boolean {
  try {
    Y.parseUpdateMeta(update);
    return true;
  } catch {
    return false;
  }
}
