// Rebuilding the search index on `npm start` (relay + bridge + Dovecot): an admin starts it with
// the CLI (`npm run search:rebuild`), which prints progress; search keeps answering with complete
// results while it runs; a second start is refused with 409 and a member's with 403 (bilingual); a
// message whose index rows were lost is found again afterwards, attachment text included.
import { spawn } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveIndex } from '@wharf/search';
import { makeDocx } from '@wharf/search/testing';
import { waitFor } from '../helpers/poll.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { testUsers, type TestUser } from '../helpers/relay.ts';
import { startWharfWithMailboxes, type WharfWithMailboxes } from '../helpers/wharf-process.ts';

const SECRET = Buffer.alloc(32, 13).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret-s' };
const CLI = fileURLToPath(new URL('../../apps/mail-bridge/src/search/rebuild-cli.ts', import.meta.url));
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Each with a DOCX to extract again: enough work that the rebuild is seen running (≤ 100: one page). */
const MESSAGES = 90;

interface Status {
  state: string;
  done: number;
  total: number;
  rate: number | null;
  etaSeconds: number | null;
}

describe('rebuilding the search index while it answers', () => {
  let dovecot: Dovecot;
  let wharf: WharfWithMailboxes;
  let admin: TestUser;
  let member: TestUser;

  const api = (path: string, user: TestUser, method = 'GET') =>
    fetch(`${wharf.url}${path}`, {
      method,
      headers: { cookie: user.cookie, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
  const hitCount = async (q: string) => {
    const response = await api(`/api/search?q=${encodeURIComponent(q)}&limit=100`, admin);
    expect(response.status).toBe(200);
    const { hits, hasMore } = (await response.json()) as { hits: unknown[]; hasMore: boolean };
    return hits.length + (hasMore ? 1000 : 0);
  };
  const status = async () =>
    ((await (await api('/api/search/rebuild', admin)).json()) as { status: Status }).status;
  /** Asks `ask` again (one request at a time) until `done` holds for its answer. */
  const askUntil = async <T>(
    ask: () => Promise<T>,
    done: (answer: T) => boolean,
    what: string,
    ms: number,
  ) => {
    let answer: T | undefined;
    let asking = false;
    await waitFor(
      () => {
        if (!asking) {
          asking = true;
          void ask().then((a) => {
            answer = a;
            asking = false;
          });
        }
        return answer !== undefined && done(answer);
      },
      what,
      ms,
    );
    return answer!;
  };

  beforeAll(async () => {
    dovecot = await startDovecot([sales]);
    const messages = [];
    for (let i = 0; i < MESSAGES; i += 1) {
      const docx = await makeDocx([`Ventilkatalog Seite ${i}`, `型号 KV-${1000 + i} 不锈钢球阀`]);
      const raw = await new MailComposer({
        messageId: `<rebuild-${i}@buyer.example>`,
        from: 'Buyer <buyer@buyer.example>',
        to: sales.email,
        subject: `Katalog ${i}`,
        text: `Anbei Katalogseite ${i}. Lieferbedingung FOB Ningbo.`,
        date: new Date(Date.UTC(2026, 10, 1, 8, i)),
        attachments: [{ filename: `katalog-${i}.docx`, content: Buffer.from(docx), contentType: DOCX }],
      })
        .compile()
        .build();
      messages.push({ raw });
    }
    dovecot.seed(sales.email, 'INBOX', messages);
    wharf = await startWharfWithMailboxes(dovecot.port, SECRET, [{ id: 'sales', ...sales }]);
    const users = testUsers(wharf.url);
    admin = await users.admin();
    member = await users.member({ mailboxes: ['sales'] });
    // every message in, attachment text included
    await askUntil(
      () => hitCount('ventilkatalog'),
      (n) => n === MESSAGES,
      'all attachments indexed',
      120_000,
    );
  }, 180_000);

  afterAll(async () => {
    await wharf?.stop();
    await dovecot?.[Symbol.asyncDispose]();
  });

  it('rebuilds from the store with progress, refusing a second start and non-admins', async () => {
    // lose one message's index rows behind the bridge's back (another connection to its store)
    const db = new DatabaseSync(join(wharf.dataDir, 'bridge', 'bridge.sqlite'));
    db.exec('PRAGMA busy_timeout = 5000');
    const key = (
      db.prepare('SELECT doc_key FROM search_doc ORDER BY id LIMIT 1').get() as { doc_key: string }
    ).doc_key;
    expect(createArchiveIndex(db).remove(key as never)).toBe(true);
    db.close();
    expect(await hitCount('ventilkatalog')).toBe(MESSAGES - 1);

    const forbidden = await api('/api/search/rebuild', member, 'POST');
    expect(forbidden.status).toBe(403);
    const { error } = (await forbidden.json()) as { error: { message: string } };
    expect(error.message).toMatch(/Only an admin/);
    expect(error.message).toMatch(/只有管理员/);
    expect((await api('/api/search/rebuild', member)).status).toBe(403);

    const cli = spawn(process.execPath, [CLI], {
      env: {
        ...process.env,
        WHARF_URL: wharf.url,
        WHARF_ADMIN_EMAIL: admin.email,
        WHARF_ADMIN_PASSWORD: admin.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));

    await askUntil(status, (s) => s.state !== 'idle', 'the rebuild to start', 30_000);
    const again = await api('/api/search/rebuild', admin, 'POST');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(
      /already running.*正在重建/,
    );

    // while it runs, every search answers with everything it answered before (the lost one may be back)
    let answeredWhileRunning = 0;
    for (;;) {
      const before = await status();
      const words = await hitCount('lieferbedingung');
      const after = await status();
      if (before.state !== 'running' || after.state !== 'running') break;
      expect(words).toBeGreaterThanOrEqual(MESSAGES - 1);
      expect(await hitCount('ventilkatalog')).toBeGreaterThanOrEqual(MESSAGES - 1);
      answeredWhileRunning += 1;
    }
    expect(answeredWhileRunning).toBeGreaterThan(0);

    expect(await exited).toBe(0);
    const lines = output
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { rebuild: string; done: number; total: number; rate: number | null },
      );
    expect(lines.at(-1)).toMatchObject({ rebuild: 'done', done: MESSAGES, total: MESSAGES });
    expect(lines.at(-1)!.rate).toBeGreaterThan(0);
    expect(lines.some((line) => line.rebuild === 'running')).toBe(true);

    const done = await status();
    expect(done).toMatchObject({ state: 'done', done: MESSAGES, total: MESSAGES, etaSeconds: 0 });
    // the lost message is back, with its attachment's text extracted again from the store
    expect(await hitCount('ventilkatalog')).toBe(MESSAGES);
    expect(await hitCount('不锈钢球阀')).toBe(MESSAGES);
  }, 180_000);
});
