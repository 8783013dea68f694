// Real Dovecot, real IMAP: the fixture mailbox ingests completely and correctly, live mail shows
// up through IDLE, flag changes are followed, a UIDVALIDITY reset re-matches instead of duplicating.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartFetcher, type Bridge } from '@wharf/mail-bridge';
import type { EventLog } from '@wharf/mail-bridge/testing';
import type { Dovecot } from '../helpers/dovecot.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const fixtureDir = join(import.meta.dirname, '../fixtures/mail');
const expected = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as Record<
  string,
  { subject?: string; fromName?: string; textIncludes?: string; attachments?: number; parseError?: boolean }
>;
const fixtureFiles = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.eml'))
  .sort();
const user = { email: 'sales@wharf.test', password: 'secret' };

/** A 30 MB attachment, built in memory once (Dovecot needs the file on disk anyway). */
function bigMessage(): Buffer {
  const chunk = Buffer.alloc(57 * 1024, 0x42)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  const lines = Array.from({ length: 540 }, () => chunk).join('');
  return Buffer.from(
    'Message-ID: <big@wharf.test>\r\nFrom: big@example.com\r\nTo: sales@wharf.test\r\nSubject: 30 MB drawing\r\n' +
      'Date: Mon, 23 Nov 2026 08:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n' +
      '--B\r\nContent-Type: text/plain\r\n\r\nDrawing attached.\r\n--B\r\nContent-Type: application/octet-stream\r\n' +
      'Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=drawing.dwg\r\n\r\n' +
      lines +
      '\r\n--B--\r\n',
  );
}

const liveMessage = (n: number) =>
  Buffer.from(
    `Message-ID: <live-${n}@buyer.example>\r\nFrom: Buyer <buyer@buyer.example>\r\nTo: sales@wharf.test\r\n` +
      `Subject: =?utf-8?B?${Buffer.from(`新询价 ${n}`).toString('base64')}?=\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\nHello ${n}\r\n`,
  );

describe('bridge ingest from a real Dovecot', () => {
  let stack: Stack;
  let dovecot: Dovecot;
  let bridge: Bridge;
  let log: EventLog;

  beforeAll(async () => {
    stack = await startStack({
      users: [user],
      seed: (d) => {
        d.seed(user.email, 'INBOX', [
          ...fixtureFiles.map((f) => ({ raw: readFileSync(join(fixtureDir, f)) })),
          { raw: bigMessage() },
        ]);
        // the same message filed in Sent too: one record, two locations
        d.seed(user.email, 'Sent', [
          { raw: readFileSync(join(fixtureDir, '01-plain-utf8.eml')), flags: 'S' },
        ]);
      },
      relay: false,
      bridge: { sync: { batchSize: 7, idleHeartbeatMs: 60_000 } },
    });
    ({ dovecot, bridge, log } = stack);
    await log.waitFor('synced', undefined, 90_000);
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('stores every message once, subjects and names decoded, the copy in Sent mapped to the same record', () => {
    const { store } = bridge;
    expect(store.countMessages('sales')).toBe(fixtureFiles.length + 1);
    const inbox = store.folderUids('sales', 'INBOX');
    expect(inbox).toHaveLength(fixtureFiles.length + 1);
    fixtureFiles.forEach((file, i) => {
      const message = store.messageByKey('sales', inbox[i]!.key)!;
      const want = expected[file]!;
      if (want.subject !== undefined) expect(message.subject, file).toBe(want.subject);
      if (want.fromName !== undefined) expect(message.from?.name, file).toBe(want.fromName);
      expect(message.body, file).toBeDefined();
      if (want.textIncludes !== undefined) expect(message.body?.text, file).toContain(want.textIncludes);
      if (want.attachments !== undefined)
        expect(message.body?.attachments, file).toHaveLength(want.attachments);
      if (want.parseError) expect(message.body?.parseError, file).toBeTruthy();
    });
    const sent = store.folderUids('sales', 'Sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.key).toBe(inbox[0]!.key);
    expect(store.locations('sales', inbox[0]!.key).map((l) => l.path)).toEqual(['INBOX', 'Sent']);
  });

  it('leaves the 30 MB attachment on the server, then streams it into the blob store when asked', async () => {
    const big = bridge.store.folderUids('sales', 'INBOX').at(-1)!;
    const message = bridge.store.messageByKey('sales', big.key)!;
    expect(message.subject).toBe('30 MB drawing');
    expect(message.body).toMatchObject({ text: expect.stringContaining('Drawing attached.'), partial: true });
    const size = 57 * 1024 * 540;
    const listed = message.body!.attachments[0]!;
    // metadata from BODYSTRUCTURE; the size is estimated from the base64 length until fetched
    expect(listed).toMatchObject({ filename: 'drawing.dwg', partId: '2', sha256: '' });
    expect(Math.abs(listed.size - size) / size).toBeLessThan(0.01);
    // the skeleton the sync kept is small: no attachment bytes crossed the wire
    expect(bridge.store.inlineSource(message.body!.rawSha256)!.length).toBeLessThan(4096);
    // and no file was written for the parts the skeletons left out (they parse as empty)
    const empty = createHash('sha256').update('').digest('hex');
    expect(await bridge.blobs.has(empty)).toBe(false);

    const fetched = await createPartFetcher(bridge).attachment('sales', big.key, 'part-2');
    expect(fetched.ok).toBe(true);
    const stored = fetched.ok ? fetched.value : listed;
    expect(stored.size).toBe(size);
    expect(stored.sha256).toBe(createHash('sha256').update(Buffer.alloc(size, 0x42)).digest('hex'));
    expect(await bridge.blobs.has(stored.sha256)).toBe(true);
    expect(bridge.store.messageByKey('sales', big.key)!.body!.attachments[0]).toEqual(stored);
  });

  it('a message APPENDed while running is stored within 2 s (IDLE)', async () => {
    const since = log.events.length;
    await dovecot.append(user, 'INBOX', liveMessage(1));
    const stored = await log.waitFor('messages-stored', undefined, 2_000, since);
    const message = bridge.store.messageByKey('sales', stored.keys[0]!)!;
    expect(message.subject).toBe('新询价 1');
  });

  it('follows flags set by another client', async () => {
    const since = log.events.length;
    const other = await dovecot.client(user);
    try {
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd('1', ['\\Flagged'], { uid: true });
    } finally {
      await other.logout();
    }
    await log.waitFor('flags-changed', (e) => e.uids.includes(1), 10_000, since);
    expect(bridge.store.folderUids('sales', 'INBOX')[0]!.flags).toContain('\\Flagged');
  });

  it('a UIDVALIDITY reset re-matches messages: same records, same threads, no duplicates', async () => {
    const before = new Map(
      bridge.store
        .folderUids('sales', 'INBOX')
        .map((u) => [u.key, bridge.store.messageByKey('sales', u.key)!.threadId]),
    );
    const countBefore = bridge.store.countMessages('sales');
    const oldValidity = bridge.store.cursor('sales', 'INBOX')!.uidValidity;
    await bridge.stop();
    await dovecot.resetUidValidity(user.email, 'INBOX');
    const since = log.events.length;
    bridge.start();
    await log.waitFor('synced', undefined, 60_000, since);
    expect(bridge.store.cursor('sales', 'INBOX')!.uidValidity).not.toBe(oldValidity);
    expect(bridge.store.countMessages('sales')).toBe(countBefore);
    const after = bridge.store.folderUids('sales', 'INBOX');
    expect(after).toHaveLength(before.size);
    for (const u of after)
      expect(bridge.store.messageByKey('sales', u.key)!.threadId).toBe(before.get(u.key));
  });
});
