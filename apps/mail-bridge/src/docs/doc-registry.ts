// One Y.Doc per doc name on the bridge's relay connection, shared by the doc writer and the
// outbox sender (the sync client attaches a name once), reference-counted so a doc is detached
// when its last user lets go.
import * as Y from 'yjs';
import type { SyncClient } from '@wharf/sync';

export interface DocRegistry {
  client: SyncClient;
  acquire(name: string): Y.Doc;
  release(name: string): void;
}

export function createDocRegistry(client: SyncClient): DocRegistry {
  const docs = new Map<string, { doc: Y.Doc; users: number }>();
  return {
    client,
    acquire(name) {
      let entry = docs.get(name);
      if (!entry) {
        // the name as guid: Yjs would otherwise draw a random uuid per doc (32 crypto calls, a
        // measurable share of ingest when every new thread opens a doc)
        entry = { doc: new Y.Doc({ guid: name }), users: 0 };
        docs.set(name, entry);
        client.attach(name, entry.doc);
      }
      entry.users += 1;
      return entry.doc;
    },
    release(name) {
      const entry = docs.get(name);
      if (!entry) return;
      entry.users -= 1;
      if (entry.users > 0) return;
      docs.delete(name);
      client.detach(name);
      entry.doc.destroy();
    },
  };
}
