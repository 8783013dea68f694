import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyConnectionError } from '../mailboxes/connection-failure.ts';
import { assignThread } from '../threading/assign-thread.ts';
import { createBlobStore } from './blob-store.ts';
import {
  openBridgeStore,
  PENDING_DOC_WRITES,
  THREAD_LABEL_FLAGS,
  type MailboxSettings,
  type MessageMeta,
  type ThreadChooser,
} from './bridge-store.ts';
import { createSecretBox, loadSecretKey } from './secret-box.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const settings: MailboxSettings = {
  id: 'sales',
  address: 'sales@wharf.test',
  displayName: 'Sales',
  provider: 'custom',
  imap: { host: '127.0.0.1', port: 143, secure: false },
  smtp: { host: '127.0.0.1', port: 25, secure: false },
  username: 'sales@wharf.test',
  extraFolders: [],
  paused: false,
};

const meta = (n: number, over: Partial<MessageMeta> = {}): MessageMeta => ({
  key: `k${n}`,
  messageId: `<m${n}@x>`,
  inReplyTo: undefined,
  references: [],
  subject: `Subject ${n}`,
  normalizedSubject: `subject ${n}`,
  from: { name: '', address: 'buyer@b.example' },
  to: [{ name: '', address: 'sales@wharf.test' }],
  cc: [],
  date: n * 1000,
  size: 100 + n,
  hasAttachments: false,
  providerThreadId: undefined,
  ...over,
});

let threadCounter = 0;
const chooser: ThreadChooser = (m, lookup) => {
  const decision = assignThread({ ...m, participants: [], providerThreadId: undefined }, lookup);
  return decision.kind === 'existing' ? decision.threadId : `t${(threadCounter += 1)}`;
};

function openStore(dir = tempDir()) {
  const key = loadSecretKey({ envKey: undefined, keyFile: join(dir, 'secret.key') });
  return { dir, store: openBridgeStore(join(dir, 'bridge.sqlite'), createSecretBox(key)) };
}

describe('secrets', () => {
  it('creates a 0600 key file on first run and reuses it', () => {
    const dir = tempDir();
    const keyFile = join(dir, 'secret.key');
    const first = loadSecretKey({ envKey: undefined, keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ envKey: undefined, keyFile }).equals(first)).toBe(true);
  });

  it('stores mailbox passwords sealed, never in plain text', () => {
    const { dir, store } = openStore();
    store.addMailbox(settings, { password: 'hunter2-very-secret' });
    expect(store.credentials('sales').password).toBe('hunter2-very-secret');
    store.close();
    const bytes = readFileSync(join(dir, 'bridge.sqlite'));
    expect(bytes.includes(Buffer.from('hunter2-very-secret'))).toBe(false);
  });

  it('refuses a tampered secret', () => {
    const box = createSecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal('x');
    const other = createSecretBox(Buffer.alloc(32, 2));
    expect(() => other.open(sealed)).toThrow();
  });
});

describe('bridge store', () => {
  it('keeps one record per message across folders, with a folder→UID map', () => {
    const { store } = openStore();
    const cursor = { uidValidity: '1', uidNext: 3, backfillBelow: 1, highestModseq: undefined };
    store.saveBatch('sales', 'INBOX', [{ uid: 1, flags: [], meta: meta(1) }], cursor, chooser);
    store.saveBatch('sales', 'Archive', [{ uid: 7, flags: ['\\Seen'], meta: meta(1) }], cursor, chooser);
    // same Message-ID, different content: a different message
    store.saveBatch(
      'sales',
      'INBOX',
      [{ uid: 2, flags: [], meta: meta(1, { key: 'other', size: 999 }) }],
      cursor,
      chooser,
    );
    expect(store.countMessages('sales')).toBe(2);
    expect(store.locations('sales', 'k1')).toEqual([
      { path: 'Archive', uid: 7, flags: ['\\Seen'] },
      { path: 'INBOX', uid: 1, flags: [] },
    ]);
  });

  it('threads a reply with its parent inside one batch', () => {
    const { store } = openStore();
    const cursor = { uidValidity: '1', uidNext: 3, backfillBelow: 1, highestModseq: undefined };
    store.saveBatch(
      'sales',
      'INBOX',
      [
        { uid: 1, flags: [], meta: meta(1) },
        { uid: 2, flags: [], meta: meta(2, { inReplyTo: '<m1@x>', references: ['<m1@x>'] }) },
      ],
      cursor,
      chooser,
    );
    expect(store.messageByKey('sales', 'k2')!.threadId).toBe(store.messageByKey('sales', 'k1')!.threadId);
  });

  it('a UIDVALIDITY reset re-maps UIDs onto the same records and threads', () => {
    const { store } = openStore();
    const old = { uidValidity: '1', uidNext: 2, backfillBelow: 1, highestModseq: undefined };
    store.saveBatch('sales', 'INBOX', [{ uid: 1, flags: [], meta: meta(1) }], old, chooser);
    const threadBefore = store.messageByKey('sales', 'k1')!.threadId;
    const fresh = { uidValidity: '2', uidNext: 51, backfillBelow: 51, highestModseq: undefined };
    store.resetFolder('sales', 'INBOX', fresh);
    store.saveBatch(
      'sales',
      'INBOX',
      [{ uid: 50, flags: [], meta: meta(1) }],
      { ...fresh, backfillBelow: 1 },
      chooser,
    );
    expect(store.countMessages('sales')).toBe(1);
    expect(store.messageByKey('sales', 'k1')!.threadId).toBe(threadBefore);
    expect(store.folderUids('sales', 'INBOX').map((u) => u.uid)).toEqual([50]);
    expect(store.cursor('sales', 'INBOX')).toMatchObject({ uidValidity: '2', backfillBelow: 1 });
  });

  it("finds a message's folders through an index, not by walking the mailbox's UIDs", () => {
    const { dir, store } = openStore();
    store.close();
    const db = new DatabaseSync(join(dir, 'bridge.sqlite'));
    // the doc writer's lookup per message (locations): without a (mailbox, key, path) index the
    // planner took the primary key for the ORDER BY and scanned every UID of the mailbox
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT path, uid, flags FROM folder_uids WHERE mailbox_id = ? AND key = ? ORDER BY path',
      )
      .all('sales', 'k1')
      .map((row) => row.detail as string);
    db.close();
    expect(plan).toEqual([expect.stringMatching(/USING INDEX \w+ \(mailbox_id=\? AND key=\?\)/)]);
  });

  it('[SV3] a reset keeps the old keys until finished; a second reset before then keeps them all', () => {
    const { dir, store } = openStore();
    const cursor = (uidValidity: string, backfillBelow: number) => ({
      uidValidity,
      uidNext: 11,
      backfillBelow,
      highestModseq: undefined,
    });
    const entries = [1, 2, 3].map((n) => ({ uid: n, flags: [], meta: meta(n) }));
    store.saveBatch('sales', 'INBOX', entries, cursor('1', 1), chooser);
    store.saveBatch('sales', 'Sent', [{ uid: 7, flags: [], meta: meta(3) }], cursor('1', 1), chooser);
    expect(store.resetLeftovers('sales', 'INBOX')).toBeUndefined();

    store.resetFolder('sales', 'INBOX', cursor('2', 11));
    store.saveBatch('sales', 'INBOX', [{ uid: 10, flags: [], meta: meta(1) }], cursor('2', 10), chooser);
    store.resetFolder('sales', 'INBOX', cursor('3', 11)); // k1, matched under '2', is a key again
    store.saveBatch('sales', 'INBOX', [{ uid: 9, flags: [], meta: meta(2) }], cursor('3', 9), chooser);
    store.close();
    // what a restart (after a crash) finds: the keys not matched yet, and the states unchanged
    const again = openStore(dir).store;
    expect(again.resetLeftovers('sales', 'INBOX')!.map((l) => l.key)).toEqual(['k1', 'k3']);
    expect(again.messageByKey('sales', 'k1')!.server?.folders).toEqual(['INBOX']);

    expect(
      again.finishReset('sales', 'INBOX', new Map([['k1', { kind: 'trash', folder: 'Trash' }]])),
    ).toEqual(['k1', 'k3']);
    expect(again.messageByKey('sales', 'k1')!.server).toMatchObject({
      folders: [],
      removedFrom: ['INBOX'],
      movedTo: { kind: 'trash', folder: 'Trash' },
    });
    // still in Sent: only INBOX is left, nothing is removed
    expect(again.messageByKey('sales', 'k3')!.server).toMatchObject({ folders: ['Sent'] });
    expect(again.messageByKey('sales', 'k3')!.server?.removedFrom).toBeUndefined();
    expect(again.messageByKey('sales', 'k2')!.server?.folders).toEqual(['INBOX']);
    expect(again.resetLeftovers('sales', 'INBOX')).toBeUndefined();
    expect(again.countMessages('sales')).toBe(3);
  });

  it('finds the messages the docs still lack through indexes, without scanning every message', () => {
    const { dir, store } = openStore();
    store.close();
    const db = new DatabaseSync(join(dir, 'bridge.sqlite'));
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${PENDING_DOC_WRITES}`)
      .all(200)
      .map((row) => row.detail as string);
    db.close();
    expect(plan.filter((step) => /^SCAN messages( |$)/.test(step) && !/USING INDEX/.test(step))).toEqual([]);
    expect(plan.join('\n')).toContain('messages_body_pending_docs');
  });

  it("finds a thread's label flags from its messages, not by walking every folder row", () => {
    const { dir, store } = openStore();
    store.close();
    const db = new DatabaseSync(join(dir, 'bridge.sqlite'));
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${THREAD_LABEL_FLAGS}`)
      .all('sales', 't1')
      .map((row) => row.detail as string);
    db.close();
    expect(plan).toEqual([
      expect.stringMatching(/^SEARCH m USING INDEX \w+ \(mailbox_id=\? AND thread_id=\?\)/),
      expect.stringMatching(/^SEARCH f USING INDEX \w+ \(mailbox_id=\? AND key=\?\)/),
    ]);
  });

  it('asks for bodies only of messages still on the server, newest first', () => {
    const { store } = openStore();
    const cursor = { uidValidity: '1', uidNext: 4, backfillBelow: 1, highestModseq: undefined };
    store.saveBatch(
      'sales',
      'INBOX',
      [1, 2, 3].map((n) => ({ uid: n, flags: [], meta: meta(n) })),
      cursor,
      chooser,
    );
    store.removeUids('sales', 'INBOX', [3]);
    expect(store.messagesWithoutBody('sales', 1)).toEqual([
      { key: 'k2', folder: 'INBOX', uid: 2, size: 102 },
    ]);
  });

  it('lists messages not yet written to docs until marked', () => {
    const { store } = openStore();
    const cursor = { uidValidity: '1', uidNext: 3, backfillBelow: 1, highestModseq: undefined };
    store.saveBatch(
      'sales',
      'INBOX',
      [1, 2].map((n) => ({ uid: n, flags: [], meta: meta(n) })),
      cursor,
      chooser,
    );
    expect(store.pendingDocWrites(10).map((m) => m.key)).toEqual(['k1', 'k2']);
    store.markWrittenToDocs('sales', [{ key: 'k1', withBody: false }]);
    expect(store.pendingDocWrites(10).map((m) => m.key)).toEqual(['k2']);
    // once the body is there, the message is due again (its snippet goes into the doc)
    store.saveBodies('sales', [
      {
        key: 'k1',
        body: {
          rawSha256: '',
          text: 'x',
          html: undefined,
          hasHtml: false,
          snippet: 'x',
          attachments: [],
          parseError: undefined,
        },
      },
    ]);
    expect(store.pendingDocWrites(10).map((m) => m.key)).toEqual(['k1', 'k2']);
    store.markWrittenToDocs('sales', [{ key: 'k1', withBody: true }]);
    expect(store.messageByKey('sales', 'k1')!.writtenToDocs).toBe('body');
  });

  it('[SV1] a flag change, an expunge or a move makes a written message due again, once', () => {
    const { store } = openStore();
    const cursor = (uidNext: number) => ({
      uidValidity: '1',
      uidNext,
      backfillBelow: 1,
      highestModseq: undefined,
    });
    store.saveBatch('sales', 'INBOX', [{ uid: 1, flags: [], meta: meta(1) }], cursor(2), chooser);
    const written = () => {
      const m = store.messageByKey('sales', 'k1')!;
      store.markWrittenToDocs('sales', [{ key: 'k1', withBody: false, serverRev: m.serverRev }]);
      expect(store.pendingDocWrites(10)).toEqual([]);
      return m;
    };
    expect(written().server).toMatchObject({ folders: ['INBOX'], seen: false });

    store.updateFlags('sales', 'INBOX', 1, ['\\Seen']);
    expect(store.pendingDocWrites(10).map((m) => m.server)).toEqual([
      { folders: ['INBOX'], seen: true, answered: false, flagged: false, deleted: false },
    ]);
    written();
    store.updateFlags('sales', 'INBOX', 1, ['\\Seen']); // the same flags again: nothing due
    expect(store.pendingDocWrites(10)).toEqual([]);

    // a move seen as expunge first, then the copy in Archive
    store.removeUids('sales', 'INBOX', [1]);
    expect(store.pendingDocWrites(10)[0]!.server).toMatchObject({ folders: [], removedFrom: ['INBOX'] });
    store.saveBatch('sales', 'Archive', [{ uid: 7, flags: ['\\Seen'], meta: meta(1) }], cursor(8), chooser);
    expect(store.countMessages('sales')).toBe(1);
    expect(written().server).toEqual({
      folders: ['Archive'],
      seen: true,
      answered: false,
      flagged: false,
      deleted: false,
    });
  });

  it('a Gmail label edit makes a written message due again; the tags it was written with are kept', () => {
    const { store } = openStore();
    const cursor = { uidValidity: '1', uidNext: 2, backfillBelow: 1, highestModseq: undefined };
    const allMail = '[Gmail]/All Mail';
    store.saveBatch(
      'sales',
      allMail,
      [{ uid: 1, flags: ['label:\\Inbox', 'label:询价'], meta: meta(1) }],
      cursor,
      chooser,
    );
    const m = store.messageByKey('sales', 'k1')!;
    expect(m.labelsWritten).toEqual([]);
    expect(store.labelTags('sales', 'k1')).toEqual(['询价']);
    store.markWrittenToDocs('sales', [
      { key: 'k1', withBody: false, serverRev: m.serverRev, labels: ['询价'] },
    ]);
    expect(store.pendingDocWrites(10)).toEqual([]);
    // a system label is no tag: nothing due
    store.updateFlags('sales', allMail, 1, ['label:\\Important', 'label:\\Inbox', 'label:询价']);
    expect(store.pendingDocWrites(10)).toEqual([]);
    store.updateFlags('sales', allMail, 1, ['label:\\Inbox', 'label:Customers/ACME', 'label:询价']);
    expect(store.pendingDocWrites(10).map((p) => p.labelsWritten)).toEqual([['询价']]);
    expect(store.threadLabelTags('sales', m.threadId)).toEqual(['customers/acme', '询价']);
  });

  it('a store from before label edits were followed takes the labels of written messages as written', () => {
    const { dir, store } = openStore();
    const cursor = { uidValidity: '1', uidNext: 3, backfillBelow: 1, highestModseq: undefined };
    store.saveBatch(
      'sales',
      '[Gmail]/All Mail',
      [
        { uid: 1, flags: ['label:\\Inbox', 'label:询价'], meta: meta(1) },
        { uid: 2, flags: ['label:ACME'], meta: meta(2) },
      ],
      cursor,
      chooser,
    );
    store.markWrittenToDocs('sales', [{ key: 'k1', withBody: false }]);
    store.close();
    const db = new DatabaseSync(join(dir, 'bridge.sqlite'));
    db.exec('ALTER TABLE messages DROP COLUMN labels_written');
    db.close();
    const reopened = openStore(dir).store;
    expect(reopened.messageByKey('sales', 'k1')!.labelsWritten).toEqual(['询价']);
    expect(reopened.messageByKey('sales', 'k2')!.labelsWritten).toEqual([]);
    reopened.close();
  });
});

describe('blob store', () => {
  it('is content-addressed and idempotent', async () => {
    const blobs = createBlobStore(tempDir());
    const a = await blobs.put(Readable.from([Buffer.from('hello')]));
    const b = await blobs.put(Readable.from([Buffer.from('hel'), Buffer.from('lo')]));
    expect(a).toEqual(b);
    expect(a.sha256).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    const chunks: Buffer[] = [];
    for await (const c of blobs.read(a.sha256) as AsyncIterable<Buffer>) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    expect(() => blobs.read('../etc/passwd')).toThrow();
  });
});

describe('classifyConnectionError', () => {
  it('tells DNS, refusal, TLS, timeout, auth and app-password apart', () => {
    expect(
      classifyConnectionError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }))
        .kind,
    ).toBe('dns');
    expect(classifyConnectionError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })).kind).toBe(
      'refused',
    );
    expect(classifyConnectionError(new Error('write EPROTO ... wrong version number')).kind).toBe('tls');
    expect(
      classifyConnectionError(Object.assign(new Error('Socket timeout'), { code: 'ETIMEOUT' })).kind,
    ).toBe('timeout');
    expect(
      classifyConnectionError(
        Object.assign(new Error('Command failed'), {
          authenticationFailed: true,
          responseText: 'Authentication failed.',
        }),
      ).kind,
    ).toBe('auth');
    expect(
      classifyConnectionError(
        Object.assign(new Error('Command failed'), {
          authenticationFailed: true,
          responseText:
            '[ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833',
        }),
      ).kind,
    ).toBe('app-password-needed');
    expect(
      classifyConnectionError({
        code: 'EAUTH',
        response: '535 Login fail. Please using authorized code to login.',
      }).kind,
    ).toBe('app-password-needed');
  });
});
