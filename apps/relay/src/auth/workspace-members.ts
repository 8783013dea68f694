// Mirrors members into the `workspace` doc so every client sees names and roles offline.
// Public fields only, never credentials. The relay keeps no Y.Doc per room, so each write loads
// the doc's current state, changes it in a throwaway Y.Doc and publishes just the difference;
// building on the current state makes the write causally after earlier ones (a blank doc's write
// would be concurrent with them and could lose by client id).
import * as Y from 'yjs';
import {
  docName,
  ensureSchema,
  RELAY_ORIGIN,
  workspaceSettings,
  workspaceTable,
  type Member,
} from '@wharf/model';
import type { User } from './users.ts';

export interface WorkspaceMembersDeps {
  /** The doc's stored state as one update, or undefined when it has none yet. */
  loadDoc: (name: string) => Promise<Uint8Array | undefined>;
  /** Stores and fans out an update like any client's. */
  publish: (name: string, update: Uint8Array) => Promise<void>;
  log?: (message: string) => void;
}

const WORKSPACE = docName({ kind: 'workspace' });

export const memberEntry = ({ id, name, email, role, active }: User): Member => ({
  id,
  name,
  email,
  role,
  active,
});

const same = (a: unknown, b: Member): boolean => JSON.stringify(a) === JSON.stringify(b);

export function createWorkspaceMembers({ loadDoc, publish, log = console.error }: WorkspaceMembersDeps) {
  // One write at a time, so each builds on the previous one.
  let queue: Promise<void> = Promise.resolve();

  const write = async (users: readonly User[], workspaceName: string | undefined) => {
    const doc = new Y.Doc();
    try {
      const state = await loadDoc(WORKSPACE);
      if (state) Y.applyUpdate(doc, state);
      const before = Y.encodeStateVector(doc);
      ensureSchema(doc, 'workspace');
      const members = workspaceTable(doc, 'members');
      const settings = workspaceSettings(doc);
      doc.transact(() => {
        for (const user of users) {
          const entry = memberEntry(user);
          if (!same(members.get(user.id), entry)) members.set(user.id, entry);
        }
        if (workspaceName !== undefined && settings.get('name') !== workspaceName)
          settings.set('name', workspaceName);
      }, RELAY_ORIGIN);
      const update = Y.encodeStateAsUpdate(doc, before);
      // An update with no structs and an empty delete set is 2 bytes: nothing changed.
      if (update.byteLength > 2) await publish(WORKSPACE, update);
    } finally {
      doc.destroy();
    }
  };

  return {
    /** Queues a mirror write; resolves when it is published (failures are logged, not thrown). */
    mirror(users: readonly User[], workspaceName?: string): Promise<void> {
      queue = queue
        .then(() => write(users, workspaceName))
        .catch((error: unknown) => log(`relay: mirroring members failed: ${String(error)}`));
      return queue;
    },
  };
}

export type WorkspaceMembers = ReturnType<typeof createWorkspaceMembers>;
