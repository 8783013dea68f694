import { describe, expect, it } from 'vitest';
import { createAwarenessChannel, decodeAwareness, encodeAwareness } from './awareness-channel.ts';
import type { AwarenessPeer } from './awareness-channel.ts';

/** A peer that may read the docs of the listed mailboxes. */
const peer = (mailboxes: readonly string[] = ['m1']) => {
  const received: Map<number, { clock: number; state: string }>[] = [];
  const p: AwarenessPeer & { received: typeof received } = {
    received,
    sendAwareness: (update) => received.push(decodeAwareness(update)),
    mayRead: (doc) => mailboxes.includes(doc.split('/')[1] ?? ''),
  };
  return p;
};
const isDocName = (value: string) => value.startsWith('thread/');
const update = (clientID: number, clock: number, state: unknown) =>
  encodeAwareness(new Map([[clientID, { clock, state: JSON.stringify(state) }]]));

describe('awareness channel', () => {
  it('forwards to the other peers only', () => {
    const channel = createAwarenessChannel(isDocName);
    const a = peer();
    const b = peer();
    channel.join(a);
    channel.join(b);
    channel.receive(a, update(1, 1, { viewing: 'thread/m1/t1' }));
    expect(a.received).toEqual([]);
    expect(b.received).toEqual([new Map([[1, { clock: 1, state: '{"viewing":"thread/m1/t1"}' }]])]);
  });

  it('gives a newcomer the live states and tells the others when a peer leaves', () => {
    const channel = createAwarenessChannel(isDocName);
    const a = peer();
    const b = peer();
    channel.join(a);
    channel.receive(a, update(1, 4, { typing: 'thread/m1/t2' }));
    channel.join(b);
    expect(b.received).toEqual([new Map([[1, { clock: 4, state: '{"typing":"thread/m1/t2"}' }]])]);
    channel.leave(a);
    expect(b.received[1]).toEqual(new Map([[1, { clock: 5, state: 'null' }]]));
    expect(channel.size).toBe(1);
    expect(channel.snapshot(b)).toBeUndefined();
  });

  it('rejects a malformed update', () => {
    const channel = createAwarenessChannel(isDocName);
    const a = peer();
    channel.join(a);
    expect(() => channel.receive(a, new Uint8Array([5, 1]))).toThrow();
  });

  it('[P10] hides a doc a peer may not read, and only from that peer', () => {
    const channel = createAwarenessChannel(isDocName);
    const a = peer(['m1', 'm2']);
    const granted = peer(['m2']);
    const other = peer(['m1']);
    for (const p of [a, granted, other]) channel.join(p);
    channel.receive(a, update(1, 1, { user: 'a', viewing: 'thread/m2/t1', typing: 'thread/m1/t9' }));
    expect(granted.received).toEqual([
      new Map([[1, { clock: 1, state: '{"user":"a","viewing":"thread/m2/t1","typing":null}' }]]),
    ]);
    expect(other.received).toEqual([
      new Map([[1, { clock: 1, state: '{"user":"a","viewing":null,"typing":"thread/m1/t9"}' }]]),
    ]);
    const late = peer([]);
    channel.join(late);
    expect(late.received).toEqual([
      new Map([[1, { clock: 1, state: '{"user":"a","viewing":null,"typing":null}' }]]),
    ]);
  });

  it('[P10] forwards a state that names no doc as the same bytes', () => {
    const channel = createAwarenessChannel(isDocName);
    const a = peer();
    const b = peer([]);
    const sent: Uint8Array[] = [];
    channel.join(a);
    channel.join({ ...b, sendAwareness: (u) => sent.push(u) });
    const bytes = update(3, 1, { user: 'a', viewing: null, note: 'not/a/doc' });
    channel.receive(a, bytes);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBe(bytes);
  });
});
