export * from './ids.ts';
export * from './doc-names.ts';
export * from './access.ts';
export * from './origins.ts';
