// The bench's premise, checked before every run: markers survive the ways servers re-encode updates
// (Y.mergeUpdates as Hocuspocus and the relay's compaction do, and a server-side Y.Doc re-emitting
// what it applied as y-websocket does), so readers can find every one in the raw bytes.
import * as Y from 'yjs';
import { markerKey, scanMarkers } from './markers.ts';

function found(bytes: Uint8Array): number[] {
  const seqs: number[] = [];
  scanMarkers(bytes, (seq) => seqs.push(seq));
  return seqs;
}

export function checkMarkersSurviveReencoding(): void {
  const writer = new Y.Doc();
  const updates: Uint8Array[] = [];
  writer.on('update', (update: Uint8Array) => updates.push(update));
  const seqs = [0, 7, 12_345_678, 99_999_999];
  for (const seq of seqs) writer.getMap('rows').set(markerKey(seq), { status: 'open', at: seq });

  const server = new Y.Doc();
  const reemitted: Uint8Array[] = [];
  server.on('update', (update: Uint8Array) => reemitted.push(update));
  for (const update of updates) Y.applyUpdate(server, update);

  const cases: [string, Uint8Array[]][] = [
    ['one update each', updates],
    ['Y.mergeUpdates', [Y.mergeUpdates(updates)]],
    ['a server Y.Doc re-emitting', reemitted],
    ['Y.encodeStateAsUpdate', [Y.encodeStateAsUpdate(server)]],
  ];
  for (const [name, bytes] of cases) {
    const seen = bytes.flatMap(found).sort((a, b) => a - b);
    if (seen.join() !== seqs.join())
      throw new Error(`markers lost (${name}): found ${seen.join()} of ${seqs.join()}`);
  }
}
