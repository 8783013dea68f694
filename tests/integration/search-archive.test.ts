// The archive index inside a real SQLite file, written in the same transaction as the caller's
// message row, read from a second connection (as the web-facing side would).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxId, MessageId, ThreadId } from '@wharf/model';
import { createArchiveIndex, type SearchDocument } from '@wharf/search';
import { createAttachmentExtractor, systemTimers } from '@wharf/search/extract';
import { makeDocx, makePdf, makeXlsx } from '@wharf/search/testing';

const SALES = 'mb-sales' as MailboxId;
const SCOPE = { readable: [SALES], internal: [SALES] };

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-search-'));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

function openStore(path: string) {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS message (id TEXT PRIMARY KEY, raw TEXT NOT NULL)');
  return db;
}

const message = (
  key: string,
  body: string,
  attachments: SearchDocument['attachments'] = [],
): SearchDocument => ({
  key: key as MessageId,
  mailbox: SALES,
  thread: `t-${key}` as ThreadId,
  date: Date.parse('2024-03-20T08:00:00Z'),
  subject: `Message ${key}`,
  from: [{ name: '王经理', address: 'wang@huaxin.cn' }],
  to: [{ address: 'sales@wharf.test' }],
  body,
  attachments,
  internal: [],
});

describe('archive index in the bridge store', () => {
  const open: DatabaseSync[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });

  it('finds a message from another connection as soon as the insert commits, and not before', () => {
    using tmp = tempDir();
    const path = join(tmp.dir, 'store.sqlite');
    const writer = openStore(path);
    const reader = openStore(path);
    open.push(writer, reader);
    const writeIndex = createArchiveIndex(writer);
    const readIndex = createArchiveIndex(reader);

    writer.exec('BEGIN');
    writer.prepare('INSERT INTO message (id, raw) VALUES (?, ?)').run('m-1', 'raw mime');
    writeIndex.upsert(message('m-1', '请确认40HQ集装箱的装箱单，今天下午截关。'));
    expect(readIndex.search('装箱单', SCOPE).hits).toEqual([]);
    writer.exec('COMMIT');

    const hits = readIndex.search('装箱单', SCOPE).hits;
    expect(hits.map((h) => h.key)).toEqual(['m-1']);
    expect(hits[0]!.snippet.highlights.map(([a, b]) => hits[0]!.snippet.text.slice(a, b))).toEqual([
      '装箱单',
    ]);

    writer.exec('BEGIN');
    writer.prepare('DELETE FROM message WHERE id = ?').run('m-1');
    writeIndex.remove('m-1' as MessageId);
    writer.exec('ROLLBACK');
    expect(readIndex.search('装箱单', SCOPE).hits.map((h) => h.key)).toEqual(['m-1']);
  });

  it('finds text inside real PDF, DOCX and XLSX attachments', async () => {
    using tmp = tempDir();
    const db = openStore(join(tmp.dir, 'store.sqlite'));
    open.push(db);
    const index = createArchiveIndex(db);
    const extract = createAttachmentExtractor({ timers: systemTimers });
    const files = [
      {
        filename: 'PI-0815.pdf',
        data: await makePdf(['Proforma Invoice PI-0815', 'Lieferadresse Hafenstraße 5']),
      },
      { filename: '合同.docx', data: await makeDocx(['销售合同', '付款方式：30%定金，70%见提单副本']) },
      {
        filename: 'quote.xlsx',
        data: await makeXlsx({
          报价: [
            ['品名', '起订量'],
            ['不锈钢保温杯', 500],
          ],
        }),
      },
    ];
    for (const [i, file] of files.entries()) {
      const result = await extract(file);
      expect(result.ok).toBe(true);
      index.upsert(
        message(`a-${i}`, 'see attachment', [
          { filename: file.filename, text: result.ok ? result.text : '' },
        ]),
      );
    }
    const found = (q: string) =>
      index.search(q, SCOPE).hits.map((h) => [h.key, h.snippet.source, h.snippet.filename]);
    expect(found('hafenstrasse')).toEqual([['a-0', 'attachment', 'PI-0815.pdf']]);
    expect(found('提单副本')).toEqual([['a-1', 'attachment', '合同.docx']]);
    expect(found('保温杯')).toEqual([['a-2', 'attachment', 'quote.xlsx']]);
    expect(found('filename:合同')).toEqual([['a-1', 'attachment', '合同.docx']]);
  });
});
