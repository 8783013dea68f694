// `npm start`'s composition root (scripts/start.ts) as a child process on port 0: resolves once it
// printed its URL, rejects (with its output) if it exits first.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
