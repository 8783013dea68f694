// Nothing acknowledged is lost: the relay is killed with SIGKILL while updates are in flight,
// restarted on the same data dir, and every update it acknowledged is there.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ServerMessage } from '@wharf/sync';
import { decodeServerMessage, encodeMessage, PROTOCOL_VERSION } from '@wharf/sync';

const CHILD = join(import.meta.dirname, '../helpers/relay-sync-child.ts');
const THREAD = 'thread/m1/durable';

async function startChild(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`relay child exited early with ${code}`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  return { child, port };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A protocol-level client: hello, subscribe, then whatever the test sends; collects messages. */
async function connect(port: number, onMessage: (m: ServerMessage) => void): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/sync?token=bridge`);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (event) => onMessage(decodeServerMessage(new Uint8Array(event.data as ArrayBuffer)));
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  ws.send(encodeMessage({ type: 'hello', version: PROTOCOL_VERSION }));
  return ws;
}

describe('relay durability', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('keeps every acknowledged update through kill -9 and a restart on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-durability-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const first = await startChild(dataDir);
    cleanup.push(() => {
      first.child.kill('SIGKILL');
    });
    const acked = new Set<number>();
    const KILL_AFTER_ACKS = 1;
    const TOTAL = 400;
    let killed!: () => void;
    const killedAfterAcks = new Promise<void>((resolve) => (killed = resolve));
    const ws = await connect(first.port, (m) => {
      if (m.type !== 'ack') return;
      acked.add(m.ref);
      if (acked.size === KILL_AFTER_ACKS) {
        // Killed while the rest are still in flight: some will never be acknowledged.
        first.child.kill('SIGKILL');
        killed();
      }
    });
    cleanup.push(() => ws.close());

    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    for (let ref = 1; ref <= TOTAL; ref++) {
      writer.getMap('lines').set(`line-${ref}`, ref);
      ws.send(encodeMessage({ type: 'update', doc: THREAD, ref, update: updates[ref - 1]! }));
    }
    await killedAfterAcks;
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const second = await startChild(dataDir);
    cleanup.push(async () => {
      second.child.kill('SIGTERM');
      await exited(second.child);
    });
    let resolveSynced!: (m: Extract<ServerMessage, { type: 'sync-step2' }>) => void;
    const synced = new Promise<Extract<ServerMessage, { type: 'sync-step2' }>>((r) => (resolveSynced = r));
    const reader = await connect(second.port, (m) => {
      if (m.type === 'sync-step2') resolveSynced(m);
    });
    cleanup.push(() => reader.close());
    reader.send(encodeMessage({ type: 'subscribe', doc: THREAD, seq: 0, stateVector: new Uint8Array([0]) }));
    const step2 = await synced;

    const restored = new Y.Doc();
    Y.applyUpdate(restored, step2.update);
    const lines = restored.getMap('lines');
    const missing = [...acked].filter((ref) => lines.get(`line-${ref}`) !== ref);
    expect(missing).toEqual([]);
    expect(step2.seq).toBeGreaterThanOrEqual(acked.size);
  });
});
