import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { describeSearchEngine, MEMBER_OF_SALES_AND_SUPPORT } from '../testing/engine-suite.ts';
import { FIXTURES } from '../testing/fixtures.ts';
import { createArchiveIndex } from './archive-index.ts';

describeSearchEngine('archive (SQLite FTS5)', (docs) => {
  const index = createArchiveIndex(new DatabaseSync(':memory:'));
  for (const doc of docs) index.upsert(doc);
  return index;
});
