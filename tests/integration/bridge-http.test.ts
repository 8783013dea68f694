// Bodies, raw sources and attachments served through the relay with the relay's mailbox grants:
// a member without the grant gets 403, without a session 401.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireMailbox } from '@wharf/relay';
import { createBridge, mountBridgeRoutes, type AttachmentInfo, type Bridge } from '@wharf/mail-bridge';
import { dovecotMailbox, eventLog, realTimeDeps } from '@wharf/mail-bridge/testing';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { startRelay, type TestRelay, type TestUser } from '../helpers/relay.ts';

const fixture = readFileSync(join(import.meta.dirname, '../fixtures/mail/14-attachments.eml'));
const user = { email: 'sales@wharf.test', password: 'secret' };

describe('bridge HTTP routes on the relay', () => {
  let dovecot: Dovecot;
  let bridge: Bridge;
  let relay: TestRelay;
  let dataDir: string;
  let granted: TestUser;
  let other: TestUser;
  let key: string;
  let attachment: AttachmentInfo;

  beforeAll(async () => {
    dovecot = await startDovecot([user]);
    dovecot.seed(user.email, 'INBOX', [{ raw: fixture }]);
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-bridge-http-'));
    const log = eventLog();
    bridge = createBridge({ ...realTimeDeps(), dataDir, secretKey: undefined, onEvent: log.onEvent });
    bridge.store.addMailbox(dovecotMailbox('sales', user.email, dovecot.port), { password: user.password });
    bridge.start();
    await log.waitFor('synced', undefined, 30_000);
    relay = await startRelay({
      routes: (app) =>
        mountBridgeRoutes(app, { requireMailbox }, { store: bridge.store, blobs: bridge.blobs }),
    });
    granted = await relay.member({ mailboxes: ['sales'] });
    other = await relay.member({ mailboxes: ['info'] });
    key = bridge.store.folderUids('sales', 'INBOX')[0]!.key;
    attachment = bridge.store.messageByKey('sales', key)!.body!.attachments[0]!;
  });

  afterAll(async () => {
    await bridge?.[Symbol.asyncDispose]();
    await relay?.dispose();
    await dovecot?.[Symbol.asyncDispose]();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
});
