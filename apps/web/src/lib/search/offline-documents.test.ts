import { describe, expect, it } from 'vitest';
import { createOfflineIndex, type SearchScope } from '@wharf/search';
import type { MailboxId, ThreadSummary } from '@wharf/model';
import { testRow } from './test-rows.ts';
import { heldThreadOf, htmlText, rowChanged, threadDocument } from './offline-documents.ts';

const row = (over: Partial<ThreadSummary> = {}): ThreadSummary =>
  testRow({
    threadId: 't-1' as ThreadSummary['threadId'],
    subject: '询价：不锈钢球阀',
    counterpart: { name: 'Li Wei', address: 'li@buyer.cn' },
    snippet: '请报价 FOB 宁波，起订量多少？',
    lastActivity: Date.parse('2026-11-20T08:00:00Z'),
    ...over,
  });

const scope: SearchScope = { readable: ['sales' as MailboxId], internal: ['sales' as MailboxId] };

describe('what the browser holds becomes one document per thread', () => {
  it('a row alone is searchable by subject, counterpart and snippet, with its filters', () => {
    const index = createOfflineIndex({ now: () => Date.parse('2026-11-23T00:00:00Z') });
    index.add(threadDocument(row({ tags: ['urgent'], hasAttachments: true })));
    const keys = (q: string) => index.search(q, scope).hits.map((h) => h.key);
    expect(keys('球阀')).toEqual(['sales/t-1']);
    expect(keys('宁波 from:li@buyer.cn')).toEqual(['sales/t-1']);
    expect(keys('tag:urgent has:attachment')).toEqual(['sales/t-1']);
    expect(keys('tag:other')).toEqual([]);
  });

  it('a held thread adds every message, attachment names, comments and notes; cached bodies add text', () => {
    const held = heldThreadOf({
      messages: [
        {
          id: 'm-1',
          from: { name: 'Li Wei', address: 'li@buyer.cn' },
          to: [{ address: 'sales@wharf.test' }],
          cc: [{ name: 'Anna', address: 'anna@buyer.cn' }],
          subject: '询价：不锈钢球阀',
          snippet: 'first message',
          attachments: [{ id: 'a', filename: 'spec-sheet.pdf', contentType: 'application/pdf', size: 1 }],
        },
      ],
      comments: [
        {
          id: 'c1',
          body: 'check the 集装箱 size',
          deleted: false,
          replies: [{ id: 'c2', body: 'done', replies: [] }],
        },
        { id: 'c3', body: 'removed text', deleted: true, replies: [] },
      ],
      notes: [{ id: 'n1', body: 'VIP buyer' }],
    } as never);
    const doc = threadDocument(row(), held, ['Zollnummer 84818081']);
    expect(doc.internal).toEqual(['check the 集装箱 size', 'done', 'VIP buyer']);
    expect(doc.attachments.map((a) => a.filename)).toEqual(['spec-sheet.pdf']);
    expect(doc.to.map((p) => p.address)).toEqual(['sales@wharf.test', 'anna@buyer.cn']);
    const index = createOfflineIndex({ now: () => Date.parse('2026-11-23T00:00:00Z') });
    index.add(doc);
    const keys = (q: string) => index.search(q, scope).hits.map((h) => h.key);
    expect(keys('集装箱')).toEqual(['sales/t-1']);
    expect(keys('zollnummer')).toEqual(['sales/t-1']);
    expect(keys('filename:spec-sheet.pdf')).toEqual(['sales/t-1']);
    expect(keys('removed')).toEqual([]);
  });

  it('notices the changes that matter and ignores the ones that do not', () => {
    expect(rowChanged(row(), row())).toBe(false);
    expect(rowChanged(row(), row({ unread: false }))).toBe(false);
    expect(rowChanged(row(), row({ snippet: 'new text' }))).toBe(true);
    expect(rowChanged(row(), row({ tags: ['x'] }))).toBe(true);
    expect(rowChanged(row(), row({ assignee: 'u-1' as never }))).toBe(true);
  });

  it('reads the text of an HTML body without its markup, styles or scripts', () => {
    expect(
      htmlText(
        '<html><head><style>p{}</style></head><body><p>报价&nbsp;单</p><script>x()</script><div>A &amp; B &#x4E2D;</div></body></html>',
      ),
    ).toBe('报价 单\nA & B 中');
  });
});
