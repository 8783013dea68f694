// Every doc records which named migrations it has been through in a grow-only `schema` map
// (migration name → target version). The doc's schema version is the highest target recorded.
// A grow-only set cannot regress under concurrency, unlike one `version` key that a stale peer
// could overwrite with a lower number.
import type * as Y from 'yjs';
import type { DocRef } from '../doc-names.ts';

export type DocKind = DocRef['kind'];

/** The schema version this build writes, per doc kind. */
export const SCHEMA_VERSION: Readonly<Record<DocKind, number>> = {
  workspace: 1,
  index: 1,
  thread: 1,
  customer: 1,
  customers: 1,
  user: 1,
};

export const SCHEMA_MAP = 'schema';

export interface SchemaMark {
  kind: DocKind;
  to: number;
}

export function schemaVersionOf(doc: Y.Doc): number {
  let version = 0;
  for (const value of doc.getMap<SchemaMark>(SCHEMA_MAP).values())
    if (typeof value.to === 'number' && value.to > version) version = value.to;
  return version;
}

/** Thrown when a doc was written by a newer build; the client must reload to update. */
export class SchemaTooNewError extends Error {
  readonly docVersion: number;
  readonly knownVersion: number;
  constructor(kind: DocKind, docVersion: number) {
    super(`${kind} doc has schema version ${docVersion}; this build knows ${SCHEMA_VERSION[kind]}`);
    this.name = 'SchemaTooNewError';
    this.docVersion = docVersion;
    this.knownVersion = SCHEMA_VERSION[kind];
  }
}
