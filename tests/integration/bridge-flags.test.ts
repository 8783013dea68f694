// Flags and moves made in another mail client reach the thread docs (SPEC [SV1]–[SV4]): a second
// IMAP client (imapflow, as Outlook or a phone would) marks messages seen and answered, deletes
// and expunges one and moves another into a synced folder, while the bridge idles on INBOX.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadView } from '@wharf/model';
import { mailPerSubject, waitFor } from '../helpers/poll.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { threadsBySubject, type ThreadsBySubject } from '../helpers/threads-by-subject.ts';

const user = { email: 'sales@wharf.test', password: 'secret' };
const SECRET = Buffer.alloc(32, 4).toString('base64');
const SUBJECTS = ['Seen elsewhere', 'Answered from Outlook', 'Deleted on the phone', 'Moved to Archive'];
/** The bridge resyncs every 10 minutes by itself; these changes must arrive through IDLE. */
const FOLLOWED_WITHIN_MS = 10_000;

describe('flags and moves from other clients', () => {
  let stack: Stack;
  let docs: ThreadsBySubject;
  const rows = () => docs.rows();
  const row = (subject: string) => docs.row(subject);
  const ref = (subject: string) => threadView(docs.thread(subject), Date.now())?.messages[0];

  beforeAll(async () => {
    stack = await startStack({
      users: [user],
      seed: (dovecot) => {
        dovecot.seed(user.email, 'INBOX', mailPerSubject(SUBJECTS, 'flags', 8));
        dovecot.seed(user.email, 'Archive', []);
      },
      bridge: { secretKey: SECRET, settings: { extraFolders: ['Archive'] } },
    });
    await stack.log.waitFor('synced', undefined, 30_000);
    await stack.bridge.docsWritten();
    docs = await threadsBySubject(stack.connect((await stack.relay.admin()).session), 'sales', SUBJECTS);
  }, 120_000);

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('[SV1] refs carry the server state from the first write', () => {
    for (const subject of SUBJECTS)
      expect(ref(subject)?.server).toEqual({
        folders: ['INBOX'],
        seen: false,
        answered: false,
        flagged: false,
        deleted: false,
      });
    expect(row('Answered from Outlook')).toMatchObject({ unread: true, needsReply: true });
  });

  it('[SV2][SV3][SV4] seen, answered, expunged and moved in another client show in the docs; nothing duplicated', async () => {
    const other = await stack.dovecot.client(user);
    try {
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd('1', ['\\Seen'], { uid: true });
      await other.messageFlagsAdd('2', ['\\Answered'], { uid: true });
      await other.messageDelete('3', { uid: true }); // \Deleted + EXPUNGE
      await other.messageMove('4', 'Archive', { uid: true });
    } finally {
      await other.logout();
    }

    await waitFor(
      () =>
        ref('Seen elsewhere')?.server?.seen === true &&
        ref('Answered from Outlook')?.server?.answered === true &&
        ref('Deleted on the phone')?.server?.removedFrom !== undefined &&
        ref('Moved to Archive')?.server?.folders[0] === 'Archive',
      'all four changes in the thread docs',
      FOLLOWED_WITHIN_MS,
    );
    expect(ref('Seen elsewhere')?.server).toMatchObject({ folders: ['INBOX'], seen: true, answered: false });
    expect(row('Seen elsewhere').unread).toBe(false);
    await waitFor(() => !row('Answered from Outlook').needsReply, 'answered row needs no reply');
    expect(ref('Deleted on the phone')?.server).toMatchObject({ folders: [], removedFrom: ['INBOX'] });
    const deleted = threadView(docs.thread('Deleted on the phone'), Date.now())!;
    expect(deleted.activity.map((e) => e.action)).toContainEqual(
      expect.objectContaining({ type: 'removed-from-server', folders: ['INBOX'] }),
    );
    expect(ref('Moved to Archive')?.server).toEqual({
      folders: ['Archive'],
      seen: false,
      answered: false,
      flagged: false,
      deleted: false,
    });

    // nothing duplicated: one row and one message per thread, one record per message in the store
    expect(rows()).toHaveLength(SUBJECTS.length);
    for (const subject of SUBJECTS)
      expect(threadView(docs.thread(subject), Date.now())!.messages).toHaveLength(1);
    const { store } = stack.bridge;
    expect(store.countMessages('sales')).toBe(SUBJECTS.length);
    expect(store.folderUids('sales', 'Archive')).toHaveLength(1);
    // the expunged message stays in the archive, body included
    const gone = store.messageByKey('sales', ref('Deleted on the phone')!.id)!;
    expect(gone.body?.text).toContain('Message 2.');
    await stack.bridge.docsWritten();
    expect(store.pendingDocWrites(10)).toEqual([]);
  });
});
