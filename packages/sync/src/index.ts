export * from './protocol.ts';
export * from './close-codes.ts';
