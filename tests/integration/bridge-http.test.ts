// Bodies, raw sources and attachments served through the relay with the relay's mailbox grants:
// a member without the grant gets 403, without a session 401.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage, type AttachmentInfo, type Bridge } from '@wharf/mail-bridge';
import type { TestRelay, TestUser } from '../helpers/relay.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const fixture = readFileSync(join(import.meta.dirname, '../fixtures/mail/14-attachments.eml'));
const user = { email: 'sales@wharf.test', password: 'secret' };

/** The decoded bytes of one of the fixture's attachments, as mailparser reads them from the file. */
async function fixtureAttachment(filename: string): Promise<Buffer> {
  const files = new Map<string, Buffer>();
  await parseMessage(fixture, {
    storeAttachment: async (content, info) => {
      const chunks: Buffer[] = [];
      for await (const chunk of content as AsyncIterable<Buffer>) chunks.push(chunk);
      files.set(info.filename ?? '', Buffer.concat(chunks));
      return { sha256: '', size: 0 };
    },
  });
  return files.get(filename)!;
}

describe('bridge HTTP routes on the relay', () => {
  let stack: Stack;
  let bridge: Bridge;
  let relay: TestRelay;
  let granted: TestUser;
  let other: TestUser;
  let key: string;
  let attachment: AttachmentInfo;

  beforeAll(async () => {
    stack = await startStack({
      users: [user],
      seed: (dovecot) => dovecot.seed(user.email, 'INBOX', [{ raw: fixture }]),
      routes: true,
      bridge: { docs: false },
    });
    ({ bridge, relay } = stack);
    await stack.log.waitFor('synced', undefined, 30_000);
    granted = await relay.member({ mailboxes: ['sales'] });
    other = await relay.member({ mailboxes: ['info'] });
    key = bridge.store.folderUids('sales', 'INBOX')[0]!.key;
    attachment = bridge.store.messageByKey('sales', key)!.body!.attachments[0]!;
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  const path = (suffix = '', mailbox = 'sales') => `/api/mailboxes/${mailbox}/messages/${key}${suffix}`;

  it('serves the body to a member with the grant', async () => {
    const response = await relay.api(path(), { cookie: granted.cookie });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      subject: string;
      text: string;
      html: string;
      attachments: AttachmentInfo[];
    };
    // HTML is not stored; it is re-derived from the raw source on read
    expect(body.html).toContain('<b>PI</b>');
    expect(body.subject).toBe('PI and packing list');
    expect(body.text).toContain('Please find the PI attached.');
    expect(body.attachments.map((a) => a.filename)).toEqual(['形式发票.pdf', '装箱单.xls']);
  });

  it('serves the raw source and attachments byte for byte', async () => {
    const raw = await relay.api(path('/raw'), { cookie: granted.cookie });
    expect(raw.status).toBe(200);
    // Dovecot hands out bare LFs as CRLF, which is what the bridge stored
    const asServed = Buffer.from(fixture.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
    expect(Buffer.from(await raw.arrayBuffer()).equals(asServed)).toBe(true);
    const file = await relay.api(path(`/attachments/${attachment.sha256}`), { cookie: granted.cookie });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('形式发票.pdf'));
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(attachment.sha256);
  });

  it('refuses a member without the grant (403), and anyone without a session (401)', async () => {
    for (const suffix of ['', '/raw', `/attachments/${attachment.sha256}`]) {
      expect((await relay.api(path(suffix), { cookie: other.cookie })).status).toBe(403);
      expect((await relay.api(path(suffix))).status).toBe(401);
    }
  });

  it('does not open a message through another mailbox the caller may read', async () => {
    const admin = await relay.admin();
    expect((await relay.api(path('', 'info'), { cookie: admin.cookie })).status).toBe(404);
    expect((await relay.api(path('/attachments/' + 'a'.repeat(64)), { cookie: admin.cookie })).status).toBe(
      404,
    );
  });

  it('fetches an attachment the sync left on the server on the first GET, and keeps it', async () => {
    const expected = await fixtureAttachment('装箱单.xls');
    const listed = bridge.store.messageByKey('sales', key)!.body!.attachments[1]!;
    // after sync: metadata from BODYSTRUCTURE, no bytes in the store (a PDF is fetched at sync, for search)
    expect(listed).toMatchObject({ filename: '装箱单.xls', partId: '3', sha256: '' });
    expect(await bridge.blobs.has(createHash('sha256').update(expected).digest('hex'))).toBe(false);

    const first = await relay.api(path('/attachments/part-3'), { cookie: granted.cookie });
    expect(first.status).toBe(200);
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256').update(expected).digest('hex'),
    );
    const kept = bridge.store.messageByKey('sales', key)!.body!.attachments[1]!;
    expect(kept).toMatchObject({
      sha256: createHash('sha256').update(expected).digest('hex'),
      size: expected.length,
    });
    expect(await bridge.blobs.has(kept.sha256)).toBe(true);

    // the second GET (by either id) and the raw source fetched earlier need no IMAP server
    await stack.dovecot.stop();
    for (const id of ['part-3', kept.sha256]) {
      const again = await relay.api(path(`/attachments/${id}`), { cookie: granted.cookie });
      expect(again.status).toBe(200);
      expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect((await relay.api(path('/raw'), { cookie: granted.cookie })).status).toBe(200);
  });
});
