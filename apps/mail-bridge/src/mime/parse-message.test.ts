import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseMessage, skeletonDeps, type ParseDeps } from './parse-message.ts';

const fixtureDir = join(import.meta.dirname, '../../../../tests/fixtures/mail');
const expected = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as Record<
  string,
  {
    subject?: string;
    fromName?: string;
    textIncludes?: string;
    attachments?: number;
    parseError?: boolean;
  }
>;

/** Hashes attachment streams as the real store would, keeping only the digests. */
function hashingSink(): ParseDeps & { stored: Map<string, number> } {
  const stored = new Map<string, number>();
  return {
    stored,
    async storeAttachment(content) {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of content as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
      const sha256 = hash.digest('hex');
      stored.set(sha256, size);
      return { sha256, size };
    },
  };
}

describe('parseMessage on fixture files', () => {
  const files = readdirSync(fixtureDir).filter((f) => f.endsWith('.eml'));
  it('has a fixture set with expectations for every file', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) expect(expected[file], file).toBeDefined();
  });

  for (const file of files) {
    it(`decodes ${file}`, async () => {
      const want = expected[file]!;
      const record = await parseMessage(readFileSync(join(fixtureDir, file)), hashingSink());
      if (want.parseError) expect(record.parseError).toBeTruthy();
      else expect(record.parseError).toBeUndefined();
      if (want.subject !== undefined) expect(record.subject).toBe(want.subject);
      if (want.fromName !== undefined) expect(record.from?.name).toBe(want.fromName);
      if (want.textIncludes !== undefined) expect(record.text).toContain(want.textIncludes);
      if (want.attachments !== undefined) expect(record.attachments).toHaveLength(want.attachments);
      expect(record.subject).not.toContain('\uFFFD');
      expect(record.text ?? '').not.toContain('\uFFFD');
    });
  }

  it('keeps message ids and references with angle brackets', async () => {
    const raw = Buffer.from(
      'Message-ID: <b@x>\r\nIn-Reply-To: <a@x>\r\nReferences: <root@x>\r\n <a@x>\r\nSubject: s\r\n\r\nbody\r\n',
    );
    const record = await parseMessage(raw, hashingSink());
    expect(record).toMatchObject({
      messageId: '<b@x>',
      inReplyTo: '<a@x>',
      references: ['<root@x>', '<a@x>'],
    });
  });

  it('names attachments decoded from RFC 2231 and encoded words, inline images marked', async () => {
    const mixed = await parseMessage(readFileSync(join(fixtureDir, '14-attachments.eml')), hashingSink());
    expect(mixed.attachments.map((a) => a.filename)).toEqual(['形式发票.pdf', '装箱单.xls']);
    expect(mixed.attachments.every((a) => !a.inline)).toBe(true);
    const related = await parseMessage(readFileSync(join(fixtureDir, '15-inline-image.eml')), hashingSink());
    expect(related.attachments[0]).toMatchObject({ inline: true, contentId: 'logo@wharf.test' });
  });

  it('an unparseable date is undefined, never "now"', async () => {
    const record = await parseMessage(
      readFileSync(join(fixtureDir, '17-no-message-id-broken-date.eml')),
      hashingSink(),
    );
    expect(record.date).toBeUndefined();
    expect(record.messageId).toBeUndefined();
  });

  it('a failing attachment sink becomes a parseError, not a hang or a throw', async () => {
    const record = await parseMessage(readFileSync(join(fixtureDir, '14-attachments.eml')), {
      storeAttachment: () => Promise.reject(new Error('disk full')),
    });
    expect(record.parseError).toContain('disk full');
    expect(record.subject).toBe('PI and packing list');
  });
});

describe('parseMessage streaming', () => {
  it('streams a 30 MB attachment to the sink while the source is still being read', async () => {
    const chunk = Buffer.alloc(57 * 1024, 0x61); // 57 bytes of input per base64 line of 76
    const chunks = 540; // ~30 MB decoded
    const expectedHash = createHash('sha256');
    for (let i = 0; i < chunks; i += 1) expectedHash.update(chunk);
    const line = chunk.toString('base64').replace(/.{76}/g, '$&\r\n');
    let produced = 0;
    function* source() {
      yield Buffer.from(
        'Message-ID: <big@x>\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n' +
          '--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n' +
          '--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n' +
          'Content-Disposition: attachment; filename=big.bin\r\n\r\n',
      );
      for (; produced < chunks; produced += 1) yield Buffer.from(line);
      yield Buffer.from('\r\n--B--\r\n');
    }
    // Bounded memory means the sink sees the attachment while most of the source is still unread.
    let producedAtHalfway = -1;
    const sink: ParseDeps = {
      async storeAttachment(content) {
        const hash = createHash('sha256');
        let size = 0;
        for await (const part of content as AsyncIterable<Buffer>) {
          hash.update(part);
          size += part.length;
          if (producedAtHalfway < 0 && size >= (chunk.length * chunks) / 2) producedAtHalfway = produced;
        }
        return { sha256: hash.digest('hex'), size };
      },
    };
    const record = await parseMessage(Readable.from(source()), sink);
    expect(record.attachments).toEqual([
      expect.objectContaining({
        filename: 'big.bin',
        size: chunk.length * chunks,
        sha256: expectedHash.digest('hex'),
      }),
    ]);
    expect(producedAtHalfway).toBeGreaterThan(0);
    expect(producedAtHalfway).toBeLessThan(chunks * 0.75);
  });
});

describe('skeletonDeps', () => {
  const message = (attachment: string) =>
    Buffer.from(
      'From: a@example.com\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n' +
        '--B\r\nContent-Type: text/plain\r\n\r\nSee the spec.\r\n' +
        '--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=spec.pdf\r\n\r\n' +
        `${attachment}\r\n--B--\r\n`,
    );

  it('stores nothing for a part left out of the skeleton, and reports it unfetched', async () => {
    const sink = hashingSink();
    const parsed = await parseMessage(message(''), skeletonDeps(sink));
    expect(sink.stored.size).toBe(0);
    expect(parsed.attachments).toMatchObject([{ filename: 'spec.pdf', sha256: '', size: 0 }]);
    expect(parsed.text).toContain('See the spec.');
  });

  it('stores a part the skeleton does carry', async () => {
    const sink = hashingSink();
    const parsed = await parseMessage(message('%PDF-1.4'), skeletonDeps(sink));
    const sha256 = createHash('sha256').update('%PDF-1.4').digest('hex');
    expect([...sink.stored]).toEqual([[sha256, 8]]);
    expect(parsed.attachments).toMatchObject([{ filename: 'spec.pdf', sha256, size: 8 }]);
  });
});
