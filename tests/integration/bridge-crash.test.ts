// SIGKILL the bridge process at random points of an initial sync of 5,000 messages, restart it
// each time: in the end every message is stored exactly once, with its body. Likewise in the middle
// of a UIDVALIDITY reset: the server state ends true (model SPEC [SV3], [SV5]).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import * as Y from 'yjs';
import { docName, indexRows, mailboxId, threadId as threadIdOf, threadMaps } from '@wharf/model';
import { createSyncClient } from '@wharf/sync';
import { openBridgeState } from '@wharf/mail-bridge';
import type { TestRelay } from '../helpers/relay.ts';
import { waitFor } from '../helpers/poll.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const TOTAL = 5_000;
const KILLS = 10;
const SECRET = Buffer.alloc(32, 7).toString('base64');
const user = { email: 'sales@wharf.test', password: 'secret' };
const mainTs = join(import.meta.dirname, '../../apps/mail-bridge/src/main.ts');

/** Deterministic so a failing run can be replayed (mulberry32). */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const message = (n: number) =>
  Buffer.from(
    `Message-ID: <crash-${n}@buyer.example>\r\nFrom: Buyer ${n % 50} <buyer${n % 50}@buyer.example>\r\n` +
      `To: sales@wharf.test\r\nSubject: Order ${Math.floor(n / 3)}${n % 3 ? ' (follow-up)' : ''}\r\n` +
      `Date: Mon, 23 Nov 2026 08:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')} +0000\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\nPlease quote item ${n}.\r\n`,
  );

/**
 * Dovecot holding `count` messages and a prepared data dir: the bridge runs as a child process
 * (main.ts) so that it can be SIGKILLed. With a relay, the child writes the docs, not the stack.
 */
function seededStack(count: number, { relay }: { relay: boolean }): Promise<Stack> {
  return startStack({
    users: [user],
    seed: (dovecot) =>
      dovecot.seed(
        user.email,
        'INBOX',
        Array.from({ length: count }, (_, n) => ({ raw: message(n) })),
      ),
    ...(relay ? {} : { relay: false }),
    bridge: { secretKey: SECRET, start: false, ...(relay ? { docs: false } : {}) },
  });
}

interface Running {
  child: ChildProcess;
  lines: { event: string; count?: number }[];
  waitFor(predicate: (line: { event: string; count?: number }) => boolean, timeoutMs: number): Promise<void>;
  exited: Promise<void>;
}

function startBridge(dataDir: string, env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [mainTs], {
    env: {
      ...process.env,
      WHARF_BRIDGE_DATA: dataDir,
      WHARF_SECRET_KEY: SECRET,
      WHARF_BRIDGE_BATCH: '250',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Running['lines'] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{"event"')) return;
    lines.push(JSON.parse(line) as Running['lines'][number]);
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines,
    exited,
    waitFor(predicate, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!lines.some(predicate)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`bridge did not report in ${timeoutMs} ms: ${JSON.stringify(lines.slice(-3))}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => {
          if (waiters.has(check)) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error('bridge exited'));
          }
        });
        check();
      });
    },
  };
}

describe('bridge crash safety', () => {
  let stack: Stack;
  let dataDir: string;

  beforeAll(async () => {
    stack = await seededStack(TOTAL, { relay: false });
    ({ dataDir } = stack);
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it(`loses and duplicates nothing across ${KILLS} SIGKILLs during the initial sync`, async () => {
    const random = prng(20261123);
    let kills = 0;
    for (let i = 0; i < KILLS; i += 1) {
      const bridge = startBridge(dataDir);
      // kill after a random number of stored batches (metadata or bodies: ~120 in a whole run)
      const after = 1 + Math.floor(random() * 12);
      let seen = 0;
      await bridge
        .waitFor((l) => l.event === 'synced' || (l.event.endsWith('-stored') && (seen += 1) >= after), 60_000)
        .catch(() => undefined); // the process may have died on its own: a restart is what is tested
      bridge.child.kill('SIGKILL');
      await bridge.exited;
      if (!bridge.lines.some((l) => l.event === 'synced')) kills += 1;
    }
    const last = startBridge(dataDir);
    await last.waitFor((l) => l.event === 'synced', 90_000);
    last.child.kill('SIGTERM');
    await last.exited;
    // most kills must land mid-sync, or the test proves nothing
    expect(kills).toBeGreaterThanOrEqual(KILLS - 2);

    const { store } = openBridgeState(dataDir, SECRET);
    try {
      expect(store.countMessages('sales')).toBe(TOTAL);
      const uids = store.folderUids('sales', 'INBOX');
      expect(uids).toHaveLength(TOTAL);
      expect(new Set(uids.map((u) => u.key)).size).toBe(TOTAL);
      const ids = new Set(uids.map((u) => store.messageByKey('sales', u.key)!.messageId));
      for (let n = 0; n < TOTAL; n += 1) expect(ids.has(`<crash-${n}@buyer.example>`)).toBe(true);
      expect(store.messagesWithoutBody('sales', 10)).toEqual([]);
      expect(store.cursor('sales', 'INBOX')).toMatchObject({ backfillBelow: 1, uidNext: TOTAL + 1 });
    } finally {
      store.close();
    }
  });
});

describe('bridge crash safety with docs', () => {
  const MESSAGES = 1_200;
  const DOC_KILLS = 5;
  let stack: Stack;
  let relay: TestRelay;
  let dataDir: string;

  beforeAll(async () => {
    stack = await seededStack(MESSAGES, { relay: true });
    ({ relay, dataDir } = stack);
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it(`every message lands in its thread doc exactly once across ${DOC_KILLS} SIGKILLs`, async () => {
    const env = { WHARF_RELAY_URL: relay.url, WHARF_BRIDGE_TOKEN: await relay.serviceToken() };
    const random = prng(7);
    let midway = 0;
    for (let i = 0; i < DOC_KILLS; i += 1) {
      const bridge = startBridge(dataDir, env);
      const after = 1 + Math.floor(random() * 6);
      let seen = 0;
      await bridge
        .waitFor(
          (l) => l.event === 'docs-written' || (l.event.endsWith('-stored') && (seen += 1) >= after),
          60_000,
        )
        .catch(() => undefined);
      bridge.child.kill('SIGKILL');
      await bridge.exited;
      if (!bridge.lines.some((l) => l.event === 'docs-written')) midway += 1;
    }
    // the kills must land before the docs were complete, or the test proves nothing
    expect(midway).toBeGreaterThanOrEqual(DOC_KILLS - 1);
    const last = startBridge(dataDir, env);
    await last.waitFor((l) => l.event === 'docs-written', 90_000);
    last.child.kill('SIGTERM');
    await last.exited;

    // what the store says each thread holds
    const db = new DatabaseSync(join(dataDir, 'bridge.sqlite'));
    const expected = new Map(
      db
        .prepare('SELECT thread_id, count(*) AS n FROM messages GROUP BY thread_id')
        .all()
        .map((r) => [r.thread_id as string, r.n as number]),
    );
    db.close();
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBe(MESSAGES);

    // what a member sees through the relay
    const admin = await relay.admin();
    const reader = createSyncClient({ url: `${relay.wsUrl}/sync`, token: admin.session });
    try {
      const hot = new Y.Doc();
      const hotName = docName({ kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' });
      reader.attach(hotName, hot);
      await until(() => reader.isSynced(hotName));
      const rows = indexRows(hot);
      expect(rows.size).toBe(expected.size);
      const docs = [...expected.keys()].map((threadId) => {
        const doc = new Y.Doc();
        const name = docName({
          kind: 'thread',
          mailboxId: mailboxId('sales'),
          threadId: threadIdOf(threadId),
        });
        reader.attach(name, doc);
        return { threadId, name, doc };
      });
      await until(() => docs.every((d) => reader.isSynced(d.name)));
      for (const { threadId, doc } of docs) {
        expect(threadMaps(doc).messages.size, threadId).toBe(expected.get(threadId));
        expect(rows.get(threadId)?.messageCount, threadId).toBe(expected.get(threadId));
      }
    } finally {
      reader.destroy();
    }
  });
});

function until(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(tick, 25);
    };
    tick();
  });
}

describe('bridge crash safety during a UIDVALIDITY reset', () => {
  const MESSAGES = 1_200;
  const expunged = (n: number) => n % 10 === 0;
  const trashed = (n: number) => n % 10 === 5;
  let stack: Stack;
  let dataDir: string;

  beforeAll(async () => {
    stack = await seededStack(MESSAGES, { relay: false });
    ({ dataDir } = stack);
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('[SV3][SV5] a SIGKILL mid-reset loses and duplicates nothing; what is gone is removed once the match completes', async () => {
    // small batches: the reset pass commits many times, so the kill lands between two of them
    const env = { WHARF_BRIDGE_BATCH: '25' };
    const first = startBridge(dataDir, env);
    await first.waitFor((l) => l.event === 'synced', 120_000);
    first.child.kill('SIGTERM');
    await first.exited;
    const keyOf = new Map<number, string>();
    const before = openBridgeState(dataDir, SECRET).store;
    const oldValidity = before.cursor('sales', 'INBOX')!.uidValidity;
    for (const u of before.folderUids('sales', 'INBOX'))
      keyOf.set(Number(/crash-(\d+)@/.exec(before.messageByKey('sales', u.key)!.messageId!)![1]), u.key);
    before.close();
    expect(keyOf.size).toBe(MESSAGES);

    // another client deletes (expunge) and trashes some while the bridge is down; then the reset
    const other = await stack.dovecot.client(user);
    try {
      await other.mailboxOpen('INBOX');
      const uids = (pick: (n: number) => boolean) =>
        Array.from({ length: MESSAGES }, (_, n) => n)
          .filter(pick)
          .map((n) => n + 1)
          .join(',');
      await other.messageDelete(uids(expunged), { uid: true });
      await other.messageMove(uids(trashed), 'Trash', { uid: true });
    } finally {
      await other.logout();
    }
    await stack.dovecot.resetUidValidity(user.email, 'INBOX');

    // killed once the reset is stored and its match is under way, not complete
    const db = new DatabaseSync(join(dataDir, 'bridge.sqlite'), { readOnly: true });
    const cursor = () =>
      db.prepare("SELECT uid_validity, backfill_below FROM folders WHERE path = 'INBOX'").get() as
        { uid_validity: string; backfill_below: number } | undefined;
    const resetting = startBridge(dataDir, env);
    try {
      await waitFor(
        () => {
          const c = cursor();
          return (
            c !== undefined &&
            c.uid_validity !== oldValidity &&
            c.backfill_below > 1 &&
            c.backfill_below < 800
          );
        },
        'the reset pass half done',
        60_000,
      );
    } finally {
      resetting.child.kill('SIGKILL');
      await resetting.exited;
    }
    expect(cursor()!.backfill_below).toBeGreaterThan(1); // the kill landed mid-reset
    db.close();

    const last = startBridge(dataDir, env);
    await last.waitFor((l) => l.event === 'synced', 90_000);
    last.child.kill('SIGTERM');
    await last.exited;

    const { store } = openBridgeState(dataDir, SECRET);
    try {
      expect(store.countMessages('sales')).toBe(MESSAGES);
      const inbox = store.folderUids('sales', 'INBOX');
      const kept = [...keyOf].filter(([n]) => !expunged(n) && !trashed(n));
      expect(inbox).toHaveLength(kept.length);
      expect(new Set(inbox.map((u) => u.key))).toEqual(new Set(kept.map(([, key]) => key)));
      expect(store.cursor('sales', 'INBOX')!.uidValidity).not.toBe(oldValidity);
      for (const [n, key] of keyOf) {
        const server = store.messageByKey('sales', key)!.server!;
        if (expunged(n))
          expect(server, `message ${n}`).toMatchObject({ folders: [], removedFrom: ['INBOX'] });
        if (expunged(n)) expect(server.movedTo, `message ${n}`).toBeUndefined();
        if (trashed(n))
          expect(server, `message ${n}`).toMatchObject({
            folders: [],
            removedFrom: ['INBOX'],
            movedTo: { kind: 'trash', folder: 'Trash' },
          });
        if (!expunged(n) && !trashed(n)) expect(server, `message ${n}`).toMatchObject({ folders: ['INBOX'] });
      }
      expect(store.resetLeftovers('sales', 'INBOX')).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
