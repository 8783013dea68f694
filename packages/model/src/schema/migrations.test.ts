import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { userId } from '../ids.ts';
import { manualClock, userContext } from '../testing/index.ts';
import { assignThread } from '../thread/triage.ts';
import { ensureSchema, migrateDoc, MIGRATIONS } from './migrations.ts';
import type { Migration } from './migrations.ts';
import { SCHEMA_MAP, SCHEMA_VERSION, SchemaTooNewError, schemaVersionOf } from './versions.ts';
import type { DocKind } from './versions.ts';

/**
 * One case per registered migration: build a doc as it was before, migrate, check the result.
 * The registry test below fails when a migration is added without a case here.
 */
const initCase = (kind: DocKind) => () => {
  const doc = new Y.Doc();
  expect(schemaVersionOf(doc)).toBe(0);
  expect(migrateDoc(doc, kind)).toEqual([`${kind}/1-init`]);
  expect(schemaVersionOf(doc)).toBe(1);
};

const CASES: Record<string, () => void> = {
  'workspace/1-init': initCase('workspace'),
  'index/1-init': initCase('index'),
  'thread/1-init': initCase('thread'),
  'customer/1-init': initCase('customer'),
  'customers/1-init': initCase('customers'),
  'user/1-init': initCase('user'),
};

describe('migrations', () => {
  it('[MG2] every registered migration has a test case', () => {
    expect(MIGRATIONS.map((m) => m.name).filter((name) => !(name in CASES))).toEqual([]);
  });

  for (const migration of MIGRATIONS)
    it(`[MG2] ${migration.name}`, () => {
      CASES[migration.name]?.();
    });

  it('[MG2] every migration is idempotent: a second run writes nothing', () => {
    for (const migration of MIGRATIONS) {
      const doc = new Y.Doc();
      migrateDoc(doc, migration.kind);
      const before = Y.encodeStateVector(doc);
      migration.run(doc);
      expect(migrateDoc(doc, migration.kind)).toEqual([]);
      expect(Y.encodeStateVector(doc)).toEqual(before);
    }
  });

  it('[MG2] two peers migrating concurrently merge to the same state as one run', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    migrateDoc(a, 'thread');
    migrateDoc(b, 'thread');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getMap(SCHEMA_MAP).toJSON()).toEqual(b.getMap(SCHEMA_MAP).toJSON());
    expect(schemaVersionOf(a)).toBe(SCHEMA_VERSION.thread);
  });

  it('[MG1] a stale peer cannot lower the version', () => {
    const [newer, stale] = [new Y.Doc(), new Y.Doc()];
    const v2: Migration = { name: 'thread/2-test', kind: 'thread', to: 2, run: () => {} };
    migrateDoc(newer, 'thread', [...MIGRATIONS.filter((m) => m.kind === 'thread'), v2]);
    migrateDoc(stale, 'thread');
    Y.applyUpdate(stale, Y.encodeStateAsUpdate(newer));
    Y.applyUpdate(newer, Y.encodeStateAsUpdate(stale));
    expect(schemaVersionOf(stale)).toBe(2);
    expect(schemaVersionOf(newer)).toBe(2);
  });

  it('[MG3] an operation on a doc from a newer build throws and writes nothing', () => {
    const doc = new Y.Doc();
    doc.getMap(SCHEMA_MAP).set('thread/99-future', { kind: 'thread', to: 99 });
    const before = Y.encodeStateVector(doc);
    expect(() => assignThread(doc, userId('ann'), userContext('ann', manualClock()))).toThrow(
      SchemaTooNewError,
    );
    expect(() => ensureSchema(doc, 'thread')).toThrow(/reload|version 99/);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('[GN2] migrations write with a migration origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    migrateDoc(doc, 'user');
    expect(origins).toEqual([{ kind: 'migration', name: 'user/1-init' }]);
  });
});
