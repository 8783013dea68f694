import { runDocStoreConformance } from './doc-store-conformance.ts';
import { createMemoryDocStore } from './memory-doc-store.ts';

runDocStoreConformance('memory', (policy) => createMemoryDocStore(policy));
