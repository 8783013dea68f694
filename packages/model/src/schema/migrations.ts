// Named schema migrations. Rules every migration obeys (SPEC [MG1]–[MG3]):
// - idempotent: running it again changes nothing;
// - CRDT-safe: two peers running it concurrently write identical values, so the merge is the same
//   as one run;
// - tested: migrations.test.ts fails if a registered migration has no test case.
import type * as Y from 'yjs';
import { migrationOrigin } from '../origins.ts';
import { SCHEMA_MAP, SCHEMA_VERSION, SchemaTooNewError, schemaVersionOf } from './versions.ts';
import type { DocKind, SchemaMark } from './versions.ts';

export interface Migration {
  /** `<kind>/<to>-<what>`, unique, never renamed once released. */
  name: string;
  kind: DocKind;
  to: number;
  run(doc: Y.Doc): void;
}

const KINDS: readonly DocKind[] = ['workspace', 'index', 'thread', 'customer', 'customers', 'user'];

/** Version 1 of every kind only marks the doc; its maps are created lazily by the operations. */
const initial: Migration[] = KINDS.map((kind) => ({
  name: `${kind}/1-init`,
  kind,
  to: 1,
  run: () => {},
}));

export const MIGRATIONS: readonly Migration[] = [...initial];

export function migrationsFor(kind: DocKind): Migration[] {
  return MIGRATIONS.filter((m) => m.kind === kind).sort((a, b) => a.to - b.to);
}

/** Runs every migration of `kind` the doc has not recorded yet, each in its own transaction. */
export function migrateDoc(doc: Y.Doc, kind: DocKind, migrations = migrationsFor(kind)): string[] {
  const version = schemaVersionOf(doc);
  if (version > SCHEMA_VERSION[kind]) throw new SchemaTooNewError(kind, version);
  const marks = doc.getMap<SchemaMark>(SCHEMA_MAP);
  const ran: string[] = [];
  for (const migration of migrations) {
    if (marks.has(migration.name)) continue;
    doc.transact(() => {
      migration.run(doc);
      marks.set(migration.name, { kind, to: migration.to });
    }, migrationOrigin(migration.name));
    ran.push(migration.name);
  }
  return ran;
}

/** Called by every operation before it writes: migrates an old doc, refuses a newer one. */
export function ensureSchema(doc: Y.Doc, kind: DocKind): void {
  const version = schemaVersionOf(doc);
  if (version === SCHEMA_VERSION[kind]) return;
  migrateDoc(doc, kind);
}
