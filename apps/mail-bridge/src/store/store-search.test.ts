// The store's search index: a message is searchable from the transaction that stores its metadata,
// again with its body and attachment text, per (mailbox, key), and gone with its mailbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxId, ThreadId } from '@wharf/model';
import { openBridgeStore, type MailboxSettings, type MessageBody, type MessageMeta } from './bridge-store.ts';
import { createSecretBox } from './secret-box.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const open = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-store-search-'));
  dirs.push(dir);
  const path = join(dir, 'bridge.sqlite');
  return { path, store: openBridgeStore(path, createSecretBox(Buffer.alloc(32, 1))) };
};

const mailbox = (id: string): MailboxSettings => ({
  id,
  address: `${id}@wharf.test`,
  displayName: id,
  provider: 'custom',
  imap: { host: '127.0.0.1', port: 143, secure: false },
  smtp: { host: '127.0.0.1', port: 25, secure: false },
  username: id,
  extraFolders: [],
  paused: false,
});

const meta: MessageMeta = {
  key: 'k1',
  messageId: '<m1@x>',
  inReplyTo: undefined,
  references: [],
  subject: '询价 Kugelhähne',
  normalizedSubject: '询价 kugelhähne',
  from: { name: 'Hans', address: 'hans@buyer.example' },
  to: [{ name: '', address: 'sales@wharf.test' }],
  cc: [],
  date: 1_700_000_000_000,
  size: 100,
  hasAttachments: true,
  providerThreadId: undefined,
};

const body: MessageBody = {
  rawSha256: 'abc',
  text: '请报 40HQ 海运费',
  html: undefined,
  hasHtml: false,
  snippet: '',
  attachments: [
    {
      partId: '2',
      filename: 'angebot.xlsx',
      contentType: 'application/octet-stream',
      size: 10,
      sha256: 'def',
      contentId: undefined,
      inline: false,
    },
  ],
  parseError: undefined,
};

const cursor = { uidValidity: '1', uidNext: 2, backfillBelow: 1, highestModseq: undefined };
const scope = (...ids: string[]) => ({ readable: ids as MailboxId[], internal: ids as MailboxId[] });
const subjects = (r: { hits: readonly { mailbox: string; key: string }[] }) =>
  r.hits.map((h) => `${h.mailbox}/${h.key}`);

describe('bridge store search index', () => {
  it('indexes metadata at once, body and attachment text when the body arrives', () => {
    const { store } = open();
    store.addMailbox(mailbox('sales'), { password: 'x' });
    store.saveBatch('sales', 'INBOX', [{ uid: 1, flags: [], meta }], cursor, () => 't1');
    expect(subjects(store.search('kugelhahne', scope('sales')))).toEqual(['sales/k1']);
    expect(store.search('海运', scope('sales')).hits).toEqual([]);

    store.saveBodies('sales', [
      { key: 'k1', body, attachmentText: [{ filename: 'angebot.xlsx', text: 'Flanschventil 42' }] },
    ]);
    expect(subjects(store.search('海运', scope('sales')))).toEqual(['sales/k1']);
    const sheet = store.search('flanschventil', scope('sales'));
    expect(sheet.hits[0]?.snippet).toMatchObject({ source: 'attachment', filename: 'angebot.xlsx' });
    expect(store.search('海运', scope('info')).hits).toEqual([]);
    store.close();
  });

  it('keeps one row per mailbox for the same message, and drops a removed mailbox', () => {
    const { store } = open();
    store.addMailbox(mailbox('sales'), { password: 'x' });
    store.addMailbox(mailbox('info'), { password: 'x' });
    store.saveBatch('sales', 'INBOX', [{ uid: 1, flags: [], meta }], cursor, () => 't1');
    store.saveBatch('info', 'INBOX', [{ uid: 1, flags: [], meta }], cursor, () => 't2');
    expect(subjects(store.search('询价', scope('sales', 'info'))).sort()).toEqual(['info/k1', 'sales/k1']);
    const fields = (mailbox: string, thread: string) => ({
      mailbox: mailbox as MailboxId,
      thread: thread as ThreadId,
      status: 'open',
      assignee: null,
      customer: null,
      tags: ['rfq'],
      internal: ['内部备注'],
      internalVersion: '1',
      seenIn: 'hot',
    });
    store.setSearchThreads([fields('sales', 't1'), fields('info', 't2')]);
    store.removeMailbox('info');
    expect(subjects(store.search('询价', scope('sales', 'info')))).toEqual(['sales/k1']);
    // its threads' fields (status, tags, comments and notes) go with it
    expect(store.searchThread('info', 't2')).toBeUndefined();
    expect(store.searchThreadsSeenIn('info')).toEqual([]);
    expect(store.searchThread('sales', 't1')?.tags).toEqual(['rfq']);
    store.close();
  });

  it('indexes the backlog of a store written before the index existed', () => {
    const { path, store } = open();
    store.addMailbox(mailbox('sales'), { password: 'x' });
    store.saveBatch('sales', 'INBOX', [{ uid: 1, flags: [], meta }], cursor, () => 't1');
    store.saveBodies('sales', [{ key: 'k1', body }]);
    store.close();
    const db = new DatabaseSync(path);
    for (const table of ['search_fts', 'search_doc', 'search_tag', 'search_source'])
      db.exec(`DROP TABLE ${table}`);
    db.close();

    const reopened = openBridgeStore(path, createSecretBox(Buffer.alloc(32, 1)));
    expect(reopened.search('海运', scope('sales')).hits).toEqual([]);
    expect(reopened.indexBacklog(0, 10)).toEqual({ lastSeq: 1, indexed: 1, done: true });
    expect(subjects(reopened.search('海运', scope('sales')))).toEqual(['sales/k1']);
    expect(reopened.indexBacklog(0, 10).indexed).toBe(0);
    reopened.close();
  });
});
