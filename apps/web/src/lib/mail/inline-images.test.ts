import { describe, expect, it } from 'vitest';
import {
  inlineParts,
  normaliseContentId,
  referencedContentIds,
  resolveInlineImages,
} from './inline-images.ts';

const part = (over: Record<string, unknown>) => ({
  inline: true,
  contentId: 'logo@supplier.example',
  sha256: 'aa11',
  contentType: 'image/png',
  size: 120,
  filename: 'logo.png',
  ...over,
});

describe('inline (cid:) images', () => {
  it('names a part the same with or without brackets, scheme and %-encoding', () => {
    for (const written of [
      '<logo@supplier.example>',
      'logo@supplier.example',
      'cid:logo%40supplier.example',
      'CID:logo@supplier.example',
    ])
      expect(normaliseContentId(written)).toBe('logo@supplier.example');
    expect(normaliseContentId('cid:100%')).toBe('100%');
  });

  it('takes inline bitmap parts only, not files, SVG or oversized parts', () => {
    const parts = inlineParts([
      part({}),
      part({ contentId: '<chart@x>', sha256: 'bb22', contentType: 'IMAGE/JPEG; name=chart.jpg' }),
      part({ inline: false, sha256: 'cc33' }),
      part({ contentType: 'image/svg+xml', sha256: 'dd44' }),
      part({ contentType: 'application/pdf', sha256: 'ee55' }),
      part({ size: 6 * 1024 * 1024, sha256: 'ff66' }),
      part({ contentId: undefined, sha256: '0077' }),
    ]);
    expect(parts).toEqual([
      { contentId: 'logo@supplier.example', attachmentId: 'aa11', contentType: 'image/png', size: 120 },
      { contentId: 'chart@x', attachmentId: 'bb22', contentType: 'image/jpeg', size: 120 },
    ]);
    expect(inlineParts(undefined)).toEqual([]);
    // the list comes from the network: a hole in it is skipped, not a crash of the message view
    expect(inlineParts([null, 'x', part({ sha256: 'aa11' })]).map((p) => p.attachmentId)).toEqual(['aa11']);
  });

  it('fetches the parts the HTML shows, typed as declared; a failing one is left out', async () => {
    const html = `<img src="cid:logo%40supplier.example"><td style="background:url('cid:chart@x')"></td>`;
    expect([...referencedContentIds(html)].sort()).toEqual(['chart@x', 'logo@supplier.example']);
    const fetched: string[] = [];
    const images = await resolveInlineImages(
      html,
      inlineParts([
        part({}),
        part({ contentId: 'chart@x', sha256: 'bb22' }),
        part({ contentId: 'unused@x', sha256: 'cc33' }),
      ]),
      {
        fetchPart(id) {
          fetched.push(id);
          if (id === 'bb22') return Promise.reject(new Error('offline'));
          return Promise.resolve(new Blob([new Uint8Array([1, 2, 3])], { type: 'application/octet-stream' }));
        },
        toDataUrl: async (blob) =>
          `data:${blob.type};base64,${Buffer.from(await blob.arrayBuffer()).toString('base64')}`,
      },
    );
    expect(fetched.sort()).toEqual(['aa11', 'bb22']);
    expect([...images]).toEqual([['logo@supplier.example', 'data:image/png;base64,AQID']]);
  });
});
