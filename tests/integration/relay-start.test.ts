// `npm start` runs apps/relay/src/main.ts: it must print its URL (and the first-run hint),
// serve, and shut down cleanly on SIGTERM with everything stored.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@wharf/sync';
import { createRelay } from '@wharf/relay';
import { startRelay, WireClient } from '../helpers/relay.ts';

const MAIN = fileURLToPath(new URL('../../apps/relay/src/main.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function startMain(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, WHARF_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Wharf relay: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code }) =>
      reject(new Error(`main.ts exited (${code}) before printing its URL:\n${output}`)),
    );
  });
}

describe('npm start', () => {
  it('prints its URL and the first-run hint, serves, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wharf-start-'));
    try {
      const first = await startMain(dataDir);
      expect(first.output()).toContain(`First run: open ${first.url}`);
      expect(await (await fetch(`${first.url}/api/setup`)).json()).toEqual({ needsSetup: true });
      const setup = await fetch(`${first.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          workspaceName: 'W',
          name: 'Ada',
          email: 'ada@example.com',
          password: 'pw-123456',
        }),
      });
      expect(setup.status).toBe(201);
      first.child.kill('SIGTERM');
      expect(await first.exited).toEqual({ code: 0, signal: null });
      expect(first.output()).toContain('shutting down');

      const second = await startMain(dataDir);
      expect(second.output()).not.toContain('First run');
      const login = await fetch(`${second.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', password: 'pw-123456' }),
      });
      expect(login.status).toBe(200);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('closes open sockets with the shutdown code and keeps acknowledged updates and sessions', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wharf-restart-'));
    try {
      const doc = 'thread/sales/t1';
      const first = await startRelay({ dataDir });
      const admin = await first.admin();
      const client = await WireClient.connect(`${first.wsUrl}/sync`, { cookie: admin.cookie });
      expect(await client.subscribe(doc)).toMatchObject({ type: 'subscribed' });
      const local = new Y.Doc();
      local.getMap('meta').set('subject', '报价 quote');
      client.send({ type: 'update', doc, ref: 1, update: Y.encodeStateAsUpdate(local) });
      await client.next('ack', doc);
      await first.dispose();
      expect((await client.closed).code).toBe(CLOSE.SERVER_SHUTDOWN.code);

      await using second = await startRelay({ dataDir });
      const again = await WireClient.connect(`${second.wsUrl}/sync`, { cookie: admin.cookie });
      expect(await again.subscribe(doc)).toMatchObject({ type: 'subscribed' });
      const remote = new Y.Doc();
      Y.applyUpdate(remote, (await again.next('sync-step2', doc)).update);
      expect(remote.getMap('meta').get('subject')).toBe('报价 quote');
      again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('fails cleanly when the port is taken, without holding its data files', async () => {
    await using first = await startRelay();
    const port = Number(new URL(first.url).port);
    const dataDir = await mkdtemp(join(tmpdir(), 'wharf-busy-'));
    try {
      await expect(createRelay({ dataDir, port, log: () => {} })).rejects.toThrow(/EADDRINUSE/);
      await using retry = await startRelay({ dataDir });
      expect((await retry.api('/api/setup')).status).toBe(200);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
