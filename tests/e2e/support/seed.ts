// Writes a mailbox and threads into a real relay the way the mail bridge does: over the sync
// socket with a service token, through model operations, and waits until the relay stored them.
import * as Y from 'yjs';
import {
  addMessages,
  assignThread,
  BRIDGE_ACTOR,
  docName,
  HOT_BUCKET,
  mailboxId as toMailboxId,
  messageId,
  putWorkspaceRow,
  threadId as toThreadId,
  threadView,
  type MailboxId,
  type MessageRef,
  type ModelDeps,
  type ThreadView,
  type UserId,
} from '@wharf/model';
import { createSyncClient, type SyncClient } from '@wharf/sync';

export interface Seeder extends AsyncDisposable {
  readonly client: SyncClient;
  mailbox(id: string, address: string, displayName: string): Promise<MailboxId>;
  thread(
    mailbox: string,
    id: string,
    subject: string,
    from: { name: string; address: string },
    text: string,
    options?: { assignee?: UserId },
  ): Promise<void>;
}

export function waitFor<T>(
  subscribe: (check: () => void) => () => void,
  read: () => T | undefined,
): Promise<T> {
  return new Promise((resolve) => {
    const settle = (): boolean => {
      const value = read();
      if (value === undefined) return false;
      off();
      resolve(value);
      return true;
    };
    const off = subscribe(settle);
    settle();
  });
}

export function whenSaved(client: SyncClient): Promise<void> {
  return waitFor(
    (check) => client.on('status', check),
    () => (client.status === 'saved' && client.pendingCount === 0 ? true : undefined),
  ).then(() => undefined);
}

function whenSynced(client: SyncClient, name: string): Promise<void> {
  return waitFor(
    (check) => client.on('synced', check),
    () => (client.isSynced(name) ? true : undefined),
  ).then(() => undefined);
}

/** Opens a doc on the client and waits until it is synced with the relay. */
export async function syncedDoc(client: SyncClient, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  client.attach(name, doc);
  await whenSynced(client, name);
  return doc;
}

/** A thread as the relay stores it now, read by a fresh connection. */
export async function threadOnRelay(
  wsUrl: string,
  token: string,
  mailbox: string,
  thread: string,
): Promise<ThreadView | undefined> {
  const client = createSyncClient({ url: `${wsUrl}/sync`, token });
  try {
    const doc = await syncedDoc(
      client,
      docName({ kind: 'thread', mailboxId: toMailboxId(mailbox), threadId: toThreadId(thread) }),
    );
    return threadView(doc, Date.now());
  } finally {
    client.destroy();
  }
}

export function createSeeder(wsUrl: string, token: string, deps: ModelDeps): Seeder {
  const client = createSyncClient({ url: `${wsUrl}/sync`, token });
  const docs = new Map<string, Y.Doc>();
  const open = async (name: string) => {
    let doc = docs.get(name);
    if (!doc) {
      doc = await syncedDoc(client, name);
      docs.set(name, doc);
    }
    return doc;
  };
  const ctx = { deps, actor: BRIDGE_ACTOR };
  return {
    client,
    async mailbox(id, address, displayName) {
      const workspace = await open('workspace');
      putWorkspaceRow(workspace, 'mailboxes', { id: toMailboxId(id), address, displayName, sendAs: [] }, ctx);
      await whenSaved(client);
      return toMailboxId(id);
    },
    async thread(mailbox, id, subject, from, text, options = {}) {
      const mailboxId = toMailboxId(mailbox);
      const threadId = toThreadId(id);
      const doc = await open(docName({ kind: 'thread', mailboxId, threadId }));
      const index = await open(docName({ kind: 'index', mailboxId, bucket: HOT_BUCKET }));
      const message: MessageRef = {
        id: messageId(`${id}-m1`),
        messageIdHeader: `<${id}-m1@customer.example>`,
        from,
        to: [{ address: `${mailbox}@ningbo.example` }],
        cc: [],
        date: deps.now(),
        subject,
        snippet: text.slice(0, 120),
        direction: 'in',
        hasAttachments: false,
        attachments: [],
      };
      const threadCtx = {
        ...ctx,
        index: (m: MailboxId, bucket: string) => {
          if (m !== mailboxId || bucket !== HOT_BUCKET) throw new Error(`unexpected bucket ${m}/${bucket}`);
          return index;
        },
      };
      addMessages(doc, { threadId, mailboxId, subject }, [message], threadCtx);
      if (options.assignee) assignThread(doc, options.assignee, threadCtx);
      await whenSaved(client);
    },
    [Symbol.asyncDispose]() {
      client.destroy();
      return Promise.resolve();
    },
  };
}
