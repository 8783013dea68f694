import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.ts';
import { buildSkeleton, decodedSizeEstimate, planSkeleton, type StructurePart } from './skeleton.ts';

const structure: StructurePart = {
  type: 'multipart/mixed',
  parameters: { boundary: 'A' },
  childNodes: [
    {
      part: '1',
      type: 'multipart/alternative',
      parameters: { boundary: 'B' },
      childNodes: [
        { part: '1.1', type: 'text/plain', parameters: { charset: 'gbk' } },
        { part: '1.2', type: 'text/html' },
      ],
    },
    {
      part: '2',
      type: 'application/pdf',
      size: 7_800,
      encoding: 'base64',
      disposition: 'attachment',
      dispositionParameters: { filename: 'pi.pdf' },
    },
    { part: '3', type: 'image/png', id: '<logo@x>', size: 400, encoding: 'base64', disposition: 'inline' },
  ],
};

/** What Dovecot returns for those sections. */
const sections = new Map(
  Object.entries({
    '1.MIME': 'Content-Type: multipart/alternative; boundary="B"\r\n\r\n',
    '1.1.MIME': 'Content-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n',
    '1.1': Buffer.from([0xc7, 0xeb, 0xb2, 0xe9, 0xca, 0xd5]).toString('base64') + '\r\n', // 请查收 in GBK
    '1.2.MIME': 'Content-Type: text/html; charset=utf-8\r\n\r\n',
    '1.2': '<p>请查收</p>',
    '2.MIME':
      'Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="=?utf-8?B?5b2i5byP5Y+R56WoLnBkZg==?="\r\n\r\n',
    '3.MIME':
      'Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <logo@x>\r\nContent-Disposition: inline\r\n\r\n',
  }).map(([k, v]) => [k, Buffer.from(v)]),
);
const header = Buffer.from(
  'Subject: PI\r\nFrom: a@b.example\r\nContent-Type: multipart/mixed; boundary="A"\r\n\r\n',
);

describe('message skeletons', () => {
  it('fetches the header, the text parts and every MIME header; leaves attachment bodies out; marks cid: images', () => {
    const plan = planSkeleton(structure)!;
    expect(plan.sections).toEqual(['1.MIME', '1.1.MIME', '1.1', '1.2.MIME', '1.2', '2.MIME', '3.MIME']);
    expect([...plan.skipped.keys()]).toEqual(['2', '3']);
    expect(plan.skipped.get('2')).toMatchObject({
      type: 'application/pdf',
      filename: 'pi.pdf',
      inlineImage: false,
    });
    expect(plan.skipped.get('3')).toMatchObject({ type: 'image/png', inlineImage: true });
  });

  it('a message without attachments is fetched whole (no plan)', () => {
    expect(planSkeleton(structure.childNodes![0])).toBeUndefined();
    expect(planSkeleton({ type: 'text/plain' })).toBeUndefined();
    expect(planSkeleton(undefined)).toBeUndefined();
  });

  it('the skeleton parses like the message: text with its charset, HTML, attachments with part ids', async () => {
    const skeleton = buildSkeleton(header, structure, sections);
    const parsed = await parseMessage(skeleton, {
      storeAttachment: () => Promise.resolve({ sha256: 'x', size: 0 }),
    });
    expect(parsed.parseError).toBeUndefined();
    expect(parsed.text).toContain('请查收');
    expect(parsed.html).toContain('<p>请查收</p>');
    expect(parsed.attachments.map((a) => [a.partId, a.filename, a.contentType, a.inline])).toEqual([
      ['2', '形式发票.pdf', 'application/pdf', false],
      ['3', undefined, 'image/png', true],
    ]);
  });

  it('estimates a base64 part from its encoded size', () => {
    const bytes = 57 * 1024 * 540;
    const encoded = Math.ceil(bytes / 57) * 78;
    expect(Math.abs(decodedSizeEstimate(encoded, 'base64') - bytes) / bytes).toBeLessThan(0.01);
    expect(decodedSizeEstimate(1234, '7bit')).toBe(1234);
  });
});
