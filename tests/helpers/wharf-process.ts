// `npm start`'s composition root (scripts/start.ts) as a child process on port 0: resolves once it
// printed its URL, rejects (with its output) if it exits first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBridgeState, type MailboxSettings } from '@wharf/mail-bridge';
import { dovecotMailbox } from '@wharf/mail-bridge/testing';

const START = fileURLToPath(new URL('../../scripts/start.ts', import.meta.url));

export interface WharfProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

export function startWharf(
  dataDir: string,
  secretKey: string,
  env: Record<string, string> = {},
): Promise<WharfProcess> {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, WHARF_DATA_DIR: dataDir, PORT: '0', WHARF_SECRET_KEY: secretKey, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Wharf: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve({ child, url, exited });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`start.ts exited (${code}):\n${output}`)));
  });
}

export interface WharfWithMailboxes extends WharfProcess {
  readonly dataDir: string;
  /** Ends the process (SIGTERM) and removes the data dir. */
  stop(): Promise<void>;
}

/**
 * Wharf on a fresh data dir whose bridge state already holds these Dovecot accounts as mailboxes
 * (written before start, as an admin would have), for tests that drive `npm start` end to end.
 */
export async function startWharfWithMailboxes(
  dovecotPort: number,
  secretKey: string,
  mailboxes: readonly {
    id: string;
    email: string;
    password: string;
    /** The loopback SMTP server the mailbox sends through (none: it does not send). */
    smtpPort?: number;
    settings?: Partial<MailboxSettings>;
  }[],
  env: Record<string, string> = {},
): Promise<WharfWithMailboxes> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-'));
  const state = openBridgeState(join(dataDir, 'bridge'), secretKey);
  for (const m of mailboxes)
    state.store.addMailbox(dovecotMailbox(m.id, m.email, dovecotPort, m.smtpPort, m.settings), {
      password: m.password,
    });
  state.store.close();
  const wharf = await startWharf(dataDir, secretKey, env);
  return {
    ...wharf,
    dataDir,
    async stop() {
      wharf.child.kill('SIGTERM');
      await wharf.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Stops a started Wharf (SIGTERM, its graceful shutdown) and waits until it has exited. */
export async function stopWharf(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
