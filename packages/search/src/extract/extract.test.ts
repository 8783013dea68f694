import { describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import type { MailboxId, MessageId, ThreadId } from '@wharf/model';
import { createArchiveIndex } from '../archive/archive-index.ts';
import { makeCjkPdf, makeDocx, makePdf, makeXlsx } from '../testing/attachments.ts';
import { manualTimers } from '../testing/manual-timers.ts';
import { createAttachmentExtractor, decodeText } from './index.ts';

describe('attachment text extraction', () => {
  const { timers } = manualTimers();
  const extract = createAttachmentExtractor({ timers });

  it('reads a PDF made with pdf-lib (Latin and German text)', async () => {
    const data = await makePdf(['Proforma Invoice PI-2024-0815', 'Lieferung frei Haus, Größe XL, Straße 5']);
    const result = await extract({ filename: 'PI.pdf', contentType: 'application/pdf', data });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.kind).toBe('pdf');
    expect(result.text).toContain('PI-2024-0815');
    expect(result.text).toContain('Größe');
  });

  it('reads a PDF with Chinese text in an embedded font subset, and a 2-character query finds it', async () => {
    const data = await makeCjkPdf([
      '报价单：真空保温杯 500 个，杯身激光刻字',
      'FOB 宁波，付款方式 T/T 30% 定金',
    ]);
    const result = await extract({ filename: '报价单.pdf', contentType: 'application/pdf', data });
    expect(result).toMatchObject({ ok: true, kind: 'pdf' });
    if (!result.ok) return;
    expect(result.text).toContain('真空保温杯');
    expect(result.text).toContain('激光刻字');

    const sales = 'sales' as MailboxId;
    const index = createArchiveIndex(new DatabaseSync(':memory:'));
    index.upsert({
      key: 'm1' as MessageId,
      mailbox: sales,
      thread: 't1' as ThreadId,
      date: Date.UTC(2026, 10, 20),
      subject: 'Quotation',
      from: [{ address: 'li@buyer.example' }],
      to: [],
      body: 'Please see the attached PDF.',
      attachments: [{ filename: '报价单.pdf', text: result.text }],
      internal: [],
    });
    const [hit] = index.search('刻字', { readable: [sales], internal: [] }).hits;
    expect(hit).toMatchObject({ key: 'm1', snippet: { source: 'attachment', filename: '报价单.pdf' } });
    const [start, end] = hit!.snippet.highlights[0]!;
    expect(hit!.snippet.text.slice(start, end)).toBe('刻字');
  });

  it('fails (never skips) when the CJK font is missing, saying what .ci/run must install', async () => {
    await expect(makeCjkPdf(['报价'], { path: '/nonexistent/NotoSansCJK.ttc', face: 'x' })).rejects.toThrow(
      /\.ci\/run must install Debian's fonts-noto-cjk/,
    );
  });

  it('reads a DOCX with Chinese text', async () => {
    const data = await makeDocx(['报价单：40HQ集装箱', '付款方式：30%定金，70%见提单副本']);
    const result = await extract({ filename: '报价单.docx', contentType: null, data });
    expect(result).toMatchObject({ ok: true, kind: 'docx' });
    if (result.ok) expect(result.text).toContain('付款方式：30%定金');
  });

  it('reads every sheet of an XLSX with Chinese cells', async () => {
    const data = await makeXlsx({
      报价: [
        ['品名', '起订量'],
        ['不锈钢保温杯', 500],
      ],
      Notes: [['FOB Ningbo']],
    });
    const result = await extract({ filename: 'quote.xlsx', data });
    expect(result).toMatchObject({ ok: true, kind: 'xlsx' });
    if (result.ok) {
      expect(result.text).toContain('不锈钢保温杯\t500');
      expect(result.text).toContain('FOB Ningbo');
      expect(result.text).toContain('报价');
    }
  });

  it('decodes CSV by declared charset, BOM, UTF-8, then GB18030', async () => {
    const gbk = new Uint8Array(Buffer.from('d0 cd ba c5 2c ca fd c1 bf 0a'.replace(/ /g, ''), 'hex')); // 型号,数量
    expect(decodeText(gbk)).toBe('型号,数量\n');
    expect(decodeText(gbk, 'gbk')).toBe('型号,数量\n');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
    const cp1251 = new Uint8Array([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x20, 0xec, 0xe8, 0xf0]); // Привет мир
    expect(decodeText(cp1251)).toBe('Привет мир');
    const result = await extract({
      filename: 'list.csv',
      contentType: 'text/csv; charset=gb18030',
      data: gbk,
    });
    expect(result).toMatchObject({ ok: true, kind: 'text', text: '型号,数量\n' });
  });

  it('returns error values for bad, unsupported and oversized files instead of throwing', async () => {
    const broken = await extract({ filename: 'x.pdf', data: new TextEncoder().encode('%PDF-1.7 garbage') });
    expect(broken).toMatchObject({ ok: false, error: 'failed' });
    const fakeDocx = await extract({ filename: 'x.docx', data: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]) });
    expect(fakeDocx).toMatchObject({ ok: false, error: 'failed' });
    expect(await extract({ filename: 'photo.jpg', data: new Uint8Array([0xff, 0xd8]) })).toMatchObject({
      ok: false,
      error: 'unsupported',
    });
    const small = createAttachmentExtractor({ timers, maxBytes: 10 });
    expect(await small({ filename: 'a.txt', data: new Uint8Array(11) })).toMatchObject({
      ok: false,
      error: 'too-large',
    });
  });

  it('truncates long text at maxChars', async () => {
    const short = createAttachmentExtractor({ timers, maxChars: 5 });
    const result = await short({ filename: 'a.txt', data: new TextEncoder().encode('abcdefgh') });
    expect(result).toEqual({ ok: true, kind: 'text', text: 'abcde', truncated: true });
  });

  it('gives up when the time limit fires before the parser finishes', async () => {
    const manual = manualTimers();
    const slow = createAttachmentExtractor({ timers: manual.timers, timeLimitMs: 1 });
    const data = await makeDocx(['never read in time']);
    const pending = slow({ filename: 'a.docx', data });
    expect(manual.pending.size).toBe(1);
    manual.fire();
    expect(await pending).toMatchObject({ ok: false, error: 'timeout' });
    expect(manual.pending.size).toBe(0);
  });
});
