export * from './fixtures.ts';
export * from './prng.ts';
export * from './network.ts';
export * from './stable-json.ts';
export * from './fuzz.ts';
