// Deleting in Outlook, Thunderbird or on a phone moves the message to Trash (SPEC [SV5]); a
// UIDVALIDITY reset leaves the server state true: what is not found again counts as expunged
// (SPEC [SV3]). A second IMAP client (imapflow, as another mail client would) changes the mailbox
// on a real Dovecot whose Trash and Junk are special-use folders the bridge does not sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadView } from '@wharf/model';
import { mailPerSubject, waitFor } from '../helpers/poll.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { threadsBySubject, type ThreadsBySubject } from '../helpers/threads-by-subject.ts';

const user = { email: 'sales@wharf.test', password: 'secret' };
const SECRET = Buffer.alloc(32, 5).toString('base64');
const SUBJECTS = [
  'Kept in the inbox',
  'Deleted in Outlook',
  'Marked as junk on the phone',
  'Expunged for good',
  'Survives the reset',
  'Expunged before the reset',
  'Trashed before the reset',
];
/** UIDs in the order seeded. */
const uidOf = (subject: string) => String(SUBJECTS.indexOf(subject) + 1);

describe('messages deleted or moved away in other clients', () => {
  let stack: Stack;
  let docs: ThreadsBySubject;
  const rows = () => docs.rows();
  const view = (subject: string) => threadView(docs.thread(subject), Date.now())!;
  const ref = (subject: string) => view(subject).messages[0];
  const logged = (subject: string) =>
    view(subject)
      .activity.map((e) => e.action)
      .filter((a) => a.type === 'removed-from-server' || a.type === 'moved-on-server');
  const other = async (
    change: (client: Awaited<ReturnType<Stack['dovecot']['client']>>) => Promise<void>,
  ) => {
    const client = await stack.dovecot.client(user);
    try {
      await client.mailboxOpen('INBOX');
      await change(client);
    } finally {
      await client.logout();
    }
  };

  beforeAll(async () => {
    stack = await startStack({
      users: [user],
      seed: (dovecot) => dovecot.seed(user.email, 'INBOX', mailPerSubject(SUBJECTS, 'gone', 1)),
      bridge: { secretKey: SECRET },
    });
    await stack.log.waitFor('synced', undefined, 30_000);
    await stack.bridge.docsWritten();
    docs = await threadsBySubject(stack.connect((await stack.relay.admin()).session), 'sales', SUBJECTS);
  }, 120_000);

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('[SV5] moved to Trash or Junk by another client reads as such; a real expunge stays [SV3]', async () => {
    await other(async (client) => {
      await client.messageMove(uidOf('Deleted in Outlook'), 'Trash', { uid: true });
      await client.messageMove(uidOf('Marked as junk on the phone'), 'Junk', { uid: true });
      await client.messageDelete(uidOf('Expunged for good'), { uid: true });
    });

    await waitFor(
      () =>
        ['Deleted in Outlook', 'Marked as junk on the phone', 'Expunged for good'].every(
          (s) => ref(s)?.server?.removedFrom !== undefined,
        ),
      'three removals in the thread docs',
      10_000,
    );
    expect(ref('Deleted in Outlook')?.server).toMatchObject({
      folders: [],
      removedFrom: ['INBOX'],
      movedTo: { kind: 'trash', folder: 'Trash' },
    });
    expect(logged('Deleted in Outlook')).toEqual([
      expect.objectContaining({
        type: 'moved-on-server',
        folders: ['INBOX'],
        to: { kind: 'trash', folder: 'Trash' },
      }),
    ]);
    expect(ref('Marked as junk on the phone')?.server?.movedTo).toEqual({ kind: 'junk', folder: 'Junk' });
    expect(logged('Marked as junk on the phone')).toEqual([
      expect.objectContaining({ type: 'moved-on-server', to: { kind: 'junk', folder: 'Junk' } }),
    ]);
    expect(ref('Expunged for good')?.server).toMatchObject({ folders: [], removedFrom: ['INBOX'] });
    expect(ref('Expunged for good')?.server?.movedTo).toBeUndefined();
    expect(logged('Expunged for good')).toEqual([
      expect.objectContaining({ type: 'removed-from-server', folders: ['INBOX'] }),
    ]);
    expect(ref('Kept in the inbox')?.server?.folders).toEqual(['INBOX']);
  });

  it('[SV3][SV5] after a UIDVALIDITY reset, what was not found again is removed; what was found has its new UID', async () => {
    const { store } = stack.bridge;
    const keyOf = (subject: string) => ref(subject)!.id;
    const oldValidity = store.cursor('sales', 'INBOX')!.uidValidity;
    const countBefore = store.countMessages('sales');
    await stack.bridge.stop();
    await other(async (client) => {
      await client.messageDelete(uidOf('Expunged before the reset'), { uid: true });
      await client.messageMove(uidOf('Trashed before the reset'), 'Trash', { uid: true });
    });
    await stack.dovecot.resetUidValidity(user.email, 'INBOX');
    const since = stack.log.events.length;
    stack.bridge.start();
    await stack.log.waitFor('synced', undefined, 30_000, since);
    await stack.bridge.docsWritten();
    expect(store.cursor('sales', 'INBOX')!.uidValidity).not.toBe(oldValidity);

    await waitFor(
      () =>
        ref('Expunged before the reset')?.server?.removedFrom !== undefined &&
        ref('Trashed before the reset')?.server?.removedFrom !== undefined,
      'both removals in the thread docs',
      10_000,
    );
    expect(ref('Expunged before the reset')?.server).toMatchObject({ folders: [], removedFrom: ['INBOX'] });
    expect(ref('Expunged before the reset')?.server?.movedTo).toBeUndefined();
    expect(logged('Expunged before the reset')).toEqual([
      expect.objectContaining({ type: 'removed-from-server', folders: ['INBOX'] }),
    ]);
    expect(ref('Trashed before the reset')?.server?.movedTo).toEqual({ kind: 'trash', folder: 'Trash' });
    expect(logged('Trashed before the reset')).toEqual([
      expect.objectContaining({ type: 'moved-on-server' }),
    ]);

    // found again: the same records, now under the folder's new UIDs, still in INBOX
    const inbox = store.folderUids('sales', 'INBOX');
    expect(inbox.map((u) => u.key).sort()).toEqual(
      [keyOf('Kept in the inbox'), keyOf('Survives the reset')].sort(),
    );
    for (const subject of ['Kept in the inbox', 'Survives the reset']) {
      expect(ref(subject)?.server).toEqual({
        folders: ['INBOX'],
        seen: false,
        answered: false,
        flagged: false,
        deleted: false,
      });
      expect(logged(subject)).toEqual([]);
    }
    // the earlier removals are not logged twice, nothing is added or lost
    expect(logged('Deleted in Outlook')).toHaveLength(1);
    expect(store.countMessages('sales')).toBe(countBefore);
    expect(rows()).toHaveLength(SUBJECTS.length);
    expect(store.resetLeftovers('sales', 'INBOX')).toBeUndefined();
    expect(stack.log.events.slice(since)).toContainEqual(
      expect.objectContaining({ kind: 'reset-leftovers', folder: 'INBOX', keys: expect.any(Array) }),
    );
    expect(store.pendingDocWrites(10)).toEqual([]);
  });
});
