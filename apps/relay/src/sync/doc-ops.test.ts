import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { DocStore } from '../storage/doc-store.ts';
import { createDocOps, emptyStats } from './doc-ops.ts';
import type { Rooms } from './rooms.ts';

const stored = (() => {
  const doc = new Y.Doc();
  doc.getMap('rows').set('t1', { subject: 'Quote' });
  doc.getMap('rows').set('t2', { subject: '询价' });
  return Y.encodeStateAsUpdate(doc);
})();

const ops = () =>
  createDocOps({
    store: { load: () => Promise.resolve({ seq: 7, update: stored }) } as unknown as DocStore,
    rooms: {} as Rooms,
    stats: emptyStats(),
    docWarnBytes: 1 << 20,
    log: () => {},
  });

describe('diff', () => {
  it('gives a client holding nothing the stored bytes themselves, without re-encoding them', async () => {
    const empty = Y.encodeStateVector(new Y.Doc());
    const answer = await ops().diff('index/sales/hot', empty);
    expect(answer.update).toBe(stored);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, answer.update);
    expect(doc.getMap('rows').size).toBe(2);
  });

  it('gives a client that holds part of the doc only the rest', async () => {
    const partial = new Y.Doc();
    Y.applyUpdate(partial, stored);
    const answer = await ops().diff('index/sales/hot', Y.encodeStateVector(partial));
    expect(answer.update.byteLength).toBeLessThan(stored.byteLength);
    expect(answer.seq).toBe(7);
  });
});
