import { runDocStoreConformance } from './doc-store-conformance.ts';
import { createMemoryDocStore } from './memory-doc-store.ts';

runDocStoreConformance((policy) => createMemoryDocStore(policy), 'memory');
