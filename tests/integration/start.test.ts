// `npm start` (scripts/start.ts): relay + bridge + web on one port. A mailbox on a real Dovecot
// ingests into the docs the browser reads, its message body is served through the relay's
// auth, and a restart reuses the bridge's service token and loses nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docName, indexRows, mailboxId, threadView } from '@wharf/model';
import { createSyncClient } from '@wharf/sync';
import { openBridgeState } from '@wharf/mail-bridge';
import { dovecotMailbox } from '@wharf/mail-bridge/testing';
import { startWharf } from '../helpers/wharf-process.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { ensureWebBuild } from '../helpers/browser.ts';

const SECRET = Buffer.alloc(32, 7).toString('base64');
const account = { email: 'sales@wharf.test', password: 'secret' };
const inquiry = Buffer.from(
  [
    'Message-ID: <rfq-1@buyer.example>',
    'From: Hans Buyer <hans@buyer.example>',
    'To: sales@wharf.test',
    'Subject: Anfrage: Kugelhahn DN50',
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Bitte senden Sie uns ein Angebot für 200 Kugelhähne.',
    '',
  ].join('\r\n'),
);

function until<T>(read: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const began = Date.now();
    const tick = () => {
      const value = read();
      if (value !== undefined) return resolve(value);
      if (Date.now() - began > timeoutMs) return reject(new Error(`timed out: ${what}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

const json = (url: string, body: unknown, cookie?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

describe('npm start: relay + bridge + web on one port', () => {
  let dovecot: Dovecot;
  let dataDir: string;

  beforeAll(async () => {
    // `npm start` builds the web app first (prestart); this test starts the script directly.
    await ensureWebBuild();
    dovecot = await startDovecot([account]);
    dovecot.seed(account.email, 'INBOX', [{ raw: inquiry }]);
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-start-all-'));
    const state = openBridgeState(join(dataDir, 'bridge'), SECRET);
    state.store.addMailbox(dovecotMailbox('sales', account.email, dovecot.port), {
      password: account.password,
    });
    state.store.close();
  });

  afterAll(async () => {
    await dovecot?.[Symbol.asyncDispose]();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ingests a mailbox into the docs, serves the body behind auth, and restarts without loss', async () => {
    const first = await startWharf(dataDir, SECRET);
    expect((await fetch(`${first.url}/`)).headers.get('content-type')).toMatch(/text\/html/);
    const setup = await json(`${first.url}/api/setup`, {
      workspaceName: 'Acme Trading',
      name: 'Ada',
      email: 'ada@acme.example',
      password: 'correct horse 1',
    });
    expect(setup.status).toBe(201);
    const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
    const session = cookie.split('=')[1]!;

    const listed = await fetch(`${first.url}/api/bridge/mailboxes`, { headers: { cookie } });
    expect(listed.status).toBe(200);
    const listing = await listed.text();
    expect((JSON.parse(listing) as { mailboxes: { id: string }[] }).mailboxes.map((m) => m.id)).toEqual([
      'sales',
    ]);
    expect(listing).not.toContain(account.password);
    expect((await fetch(`${first.url}/api/bridge/mailboxes`)).status).toBe(401);

    const hot = new Y.Doc();
    const reader = createSyncClient({ url: `${first.url.replace('http', 'ws')}/sync`, token: session });
    reader.attach(docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' }), hot);
    const row = await until(() => [...indexRows(hot).values()][0], 'the inquiry in the hot index');
    expect(row.subject).toBe('Anfrage: Kugelhahn DN50');

    const thread = new Y.Doc();
    reader.attach(docName({ kind: 'thread', mailboxId: mailboxId('sales'), threadId: row.threadId }), thread);
    const message = await until(
      () => threadView(thread, Date.now())?.messages[0],
      'the message ref in the thread doc',
    );
    const bodyUrl = `${first.url}/api/mailboxes/sales/messages/${encodeURIComponent(message.id)}`;
    expect((await fetch(bodyUrl)).status).toBe(401);
    let body: { bodyState: string; text?: string } = { bodyState: 'pending' };
    for (const began = Date.now(); body.bodyState !== 'stored' && Date.now() - began < 30_000;) {
      const response = await fetch(bodyUrl, { headers: { cookie } });
      expect(response.status).toBe(200);
      body = (await response.json()) as typeof body;
      if (body.bodyState !== 'stored') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(body.text).toContain('Kugelhähne');
    reader.destroy();

    const token = readFileSync(join(dataDir, 'bridge.token'), 'utf8');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startWharf(dataDir, SECRET);
    expect(readFileSync(join(dataDir, 'bridge.token'), 'utf8')).toBe(token);
    const again = new Y.Doc();
    const reader2 = createSyncClient({ url: `${second.url.replace('http', 'ws')}/sync`, token: session });
    reader2.attach(docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' }), again);
    const rows = await until(() => {
      const all = [...indexRows(again).values()];
      return all.length > 0 ? all : undefined;
    }, 'the index after restart');
    expect(rows).toHaveLength(1);
    reader2.destroy();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('says on stderr why a mailbox cannot sync (a wrong password), in the log an admin watches', async () => {
    const wrongDir = mkdtempSync(join(tmpdir(), 'wharf-start-wrong-'));
    try {
      const state = openBridgeState(join(wrongDir, 'bridge'), SECRET);
      state.store.addMailbox(dovecotMailbox('info', account.email, dovecot.port), {
        password: 'Zq7-not-this',
      });
      state.store.close();
      const wharf = await startWharf(wrongDir, SECRET);
      let stderr = '';
      wharf.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const line = await until(
        () => stderr.split('\n').find((l) => l.startsWith('Wharf: mailbox info:')),
        'the sync error on stderr',
      );
      expect(line).toContain('The user name or password is wrong. 用户名或密码错误。');
      expect(line).not.toContain('Zq7-not-this'); // the password never reaches a log line
      wharf.child.kill('SIGTERM');
      expect(await wharf.exited).toBe(0);
    } finally {
      rmSync(wrongDir, { recursive: true, force: true });
    }
  });
});
