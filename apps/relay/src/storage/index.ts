export type { AppendResult, DocStats, DocStore, StoredDoc } from './doc-store.ts';
export { DocTooLargeError, EMPTY_UPDATE } from './doc-store.ts';
export type { StoragePolicy } from './storage-policy.ts';
export { DEFAULT_STORAGE_POLICY, DOC_TARGET_BYTES } from './storage-policy.ts';
export { createMemoryDocStore } from './memory-doc-store.ts';
export type { SqliteDocStoreDeps } from './sqlite-doc-store.ts';
export { createSqliteDocStore } from './sqlite-doc-store.ts';
