import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDocStoreConformance, textEdits, textOf } from './doc-store-conformance.ts';
import { createSqliteDocStore } from './sqlite-doc-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'wharf-sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const nextPath = () => join(dir, `store-${++n}.db`);

runDocStoreConformance((policy) => createSqliteDocStore({ path: nextPath(), policy }), 'sqlite');

describe('sqlite doc store', () => {
  it('keeps acknowledged appends across reopening the file', async () => {
    const path = nextPath();
    const first = createSqliteDocStore({ path });
    const [a, b] = textEdits(['re', 'open']);
    await first.append('doc', a!);
    await first.append('doc', b!);
    await first.close();
    const second = createSqliteDocStore({ path });
    const loaded = await second.load('doc');
    expect(loaded.seq).toBe(2);
    expect(textOf(loaded.update)).toBe('reopen');
    expect((await second.seqs(['doc'])).get('doc')).toBe(2);
    await second.close();
  });

  it('commits appends of one loop turn in one transaction and loads only committed ones', async () => {
    const flushes: (() => void)[] = [];
    const store = createSqliteDocStore({ path: nextPath(), defer: (flush) => flushes.push(flush) });
    const results = textEdits(['a', 'b', 'c']).map((u, i) => store.append(`doc${i % 2}`, u));
    expect(flushes).toHaveLength(1);
    expect((await store.load('doc0')).seq).toBe(0);
    flushes[0]!();
    expect((await Promise.all(results)).map((r) => r.seq)).toEqual([1, 1, 2]);
    expect((await store.load('doc0')).seq).toBe(2);
    await store.close();
  });
});
