import { expect, it } from 'vitest';
import { findCycles } from './find-cycles.ts';

it('finds a cycle through three modules and ignores acyclic ones', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
  ]);
  expect(findCycles(graph).map((c) => c.sort())).toEqual([['a', 'b', 'c']]);
});

it('reports nothing for a tree', () => {
  expect(
    findCycles(
      new Map([
        ['a', ['b', 'c']],
        ['b', ['c']],
        ['c', []],
      ]),
    ),
  ).toEqual([]);
});
