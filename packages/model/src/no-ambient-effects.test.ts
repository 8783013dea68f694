import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { userId } from './ids.ts';
import { manualClock, messageRef, threadStart, userContext } from './testing/index.ts';
import { addMessages } from './thread/messages.ts';
import { assignThread } from './thread/triage.ts';

const root = import.meta.dirname;

function domainFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : domainFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('domain code', () => {
  it('[GN3] reads no wall clock, random source or timer of its own', () => {
    const ambient =
      /\bDate\.now\(|\bMath\.random\(|\bsetTimeout\(|\bsetInterval\(|\bnew Date\(\)|\bperformance\.now\(|\bcrypto\.randomUUID\(/;
    const offenders = domainFiles(root)
      .filter((path) => ambient.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it('[GN2] writes carry the actor as the transaction origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    addMessages(doc, threadStart(), [messageRef('m1')], userContext('bridge', manualClock()));
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    assignThread(doc, userId('ann'), userContext('bob', manualClock()));
    expect(origins).toEqual([{ kind: 'user', userId: 'bob' }]);
  });
});
