export * from './fixtures.ts';
export * from './prng.ts';
export * from './network.ts';
