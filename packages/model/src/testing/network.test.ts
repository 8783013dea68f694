import { describe, expect, it } from 'vitest';
import { createNetwork } from './network.ts';
import { createPrng } from './prng.ts';

const text = (net: ReturnType<typeof createNetwork>, peer: string) =>
  net.peer(peer).doc('d').getArray<string>('a').toArray();

describe('in-memory network', () => {
  it('delivers every update to every connected peer', () => {
    const net = createNetwork();
    const a = net.peer('a');
    net.peer('b');
    a.doc('d').getArray<string>('a').push(['x']);
    expect(net.pending()).toBe(1);
    net.flush();
    expect(text(net, 'b')).toEqual(['x']);
  });

  it('a disconnected peer loses what was in flight and catches up by state vector on reconnect', () => {
    const net = createNetwork();
    const [a, b] = [net.peer('a'), net.peer('b')];
    a.doc('d').getArray<string>('a').push(['before']);
    net.disconnect('b');
    expect(net.pending()).toBe(0);
    a.doc('d').getArray<string>('a').push(['while a is online']);
    b.doc('d').getArray<string>('a').push(['while b is offline']);
    expect(net.pending()).toBe(0);
    net.flush();
    expect(text(net, 'b')).toEqual(['while b is offline']);
    net.reconnect('b');
    net.flush();
    expect(text(net, 'a')).toEqual(text(net, 'b'));
    expect(text(net, 'a')).toHaveLength(3);
  });

  it('a partition keeps each side syncing internally; healing resyncs across the cut', () => {
    const net = createNetwork();
    for (const name of ['a', 'b', 'c', 'd']) net.peer(name);
    net.partition([['a', 'b']]);
    net.peer('a').doc('d').getArray<string>('a').push(['left']);
    net.peer('c').doc('d').getArray<string>('a').push(['right']);
    net.flush();
    expect(text(net, 'b')).toEqual(['left']);
    expect(text(net, 'd')).toEqual(['right']);
    net.heal();
    net.flush();
    for (const name of ['a', 'b', 'c', 'd']) expect([...text(net, name)].sort()).toEqual(['left', 'right']);
    expect(text(net, 'a')).toEqual(text(net, 'd'));
  });

  it('a newcomer receives the docs it has never seen', () => {
    const net = createNetwork();
    net.peer('a').doc('d').getArray<string>('a').push(['x']);
    net.flush();
    const c = net.peer('c');
    net.flush();
    expect(c.docNames()).toEqual(['d']);
    expect(text(net, 'c')).toEqual(['x']);
  });

  it('random delivery order is reproducible from the seed and still converges', () => {
    const run = (seed: number) => {
      const net = createNetwork({ prng: createPrng(seed) });
      const peers = ['a', 'b', 'c'].map((name) => net.peer(name));
      for (let i = 0; i < 20; i += 1)
        peers[i % 3]!.doc('d')
          .getArray<string>('a')
          .push([`${i}`]);
      const order: string[][] = [];
      while (net.deliverOne()) order.push(text(net, 'c'));
      expect(text(net, 'a')).toEqual(text(net, 'b'));
      expect(text(net, 'b')).toEqual(text(net, 'c'));
      return order;
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
});

describe('prng', () => {
  it('is a function of its seed and stays in range', () => {
    const [a, b] = [createPrng(42), createPrng(42)];
    const draws = Array.from({ length: 100 }, () => a.int(10));
    expect(draws).toEqual(Array.from({ length: 100 }, () => b.int(10)));
    expect(draws.every((n) => n >= 0 && n < 10)).toBe(true);
    expect(new Set(draws).size).toBe(10);
  });
});
