import { describe, expect, it } from 'vitest';
import { createAwarenessChannel, decodeAwareness, encodeAwareness } from './awareness-channel.ts';
import type { AwarenessPeer } from './awareness-channel.ts';

const peer = () => {
  const received: Map<number, { clock: number; state: string }>[] = [];
  const p: AwarenessPeer & { received: typeof received } = {
    received,
    sendAwareness: (update) => received.push(decodeAwareness(update)),
  };
  return p;
};
const update = (clientID: number, clock: number, state: unknown) =>
  encodeAwareness(new Map([[clientID, { clock, state: JSON.stringify(state) }]]));

describe('awareness channel', () => {
  it('forwards to the other peers only', () => {
    const channel = createAwarenessChannel();
    const a = peer();
    const b = peer();
    channel.join(a);
    channel.join(b);
    channel.receive(a, update(1, 1, { viewing: 'thread/m1/t1' }));
    expect(a.received).toEqual([]);
    expect(b.received).toEqual([new Map([[1, { clock: 1, state: '{"viewing":"thread/m1/t1"}' }]])]);
  });

  it('gives a newcomer the live states and tells the others when a peer leaves', () => {
    const channel = createAwarenessChannel();
    const a = peer();
    const b = peer();
    channel.join(a);
    channel.receive(a, update(1, 4, { typing: 'thread/m1/t2' }));
    channel.join(b);
    expect(b.received).toEqual([new Map([[1, { clock: 4, state: '{"typing":"thread/m1/t2"}' }]])]);
    channel.leave(a);
    expect(b.received[1]).toEqual(new Map([[1, { clock: 5, state: 'null' }]]));
    expect(channel.size).toBe(1);
    expect(channel.snapshot()).toBeUndefined();
  });

  it('rejects a malformed update', () => {
    const channel = createAwarenessChannel();
    const a = peer();
    channel.join(a);
    expect(() => channel.receive(a, new Uint8Array([5, 1]))).toThrow();
  });
});
