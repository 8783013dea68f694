// Parent side of the bench's child processes: each server and each load runs in its own Node process
// (same binary as the orchestrator), talks over IPC, and is killed if it outlives its time limit.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type {
  Endpoint,
  LoadResult,
  LoadSpec,
  LoadToParent,
  ServerSample,
  ParentToLoad,
  ParentToServer,
  ServerToParent,
  TargetName,
} from './messages.ts';

const serverEntries: Record<TargetName, string> = {
  wharf: './servers/wharf-server.ts',
  hocuspocus: './servers/hocuspocus-server.ts',
  'y-websocket': './servers/y-websocket-server.ts',
};

export type ChildKind = 'server' | 'load';

const profiled = new Set<ChildKind>();
let profileDir = '';

/** Runs the given kinds of children under `--cpu-prof`, writing .cpuprofile files to `dir`. */
export function profileChildren(kinds: Iterable<ChildKind>, dir: string): void {
  for (const kind of kinds) profiled.add(kind);
  profileDir = dir;
}

let childPriority = 0;

/**
 * Niceness for every child (negative needs privileges). On a machine shared with other work, the
 * scheduler otherwise decides the latency figures: a load process waiting for a core shows up as
 * server latency.
 */
export function prioritiseChildren(niceness: number): void {
  childPriority = niceness;
}

function forkChild(kind: ChildKind, entry: string, execArgv: string[]): ChildProcess {
  const profile = profiled.has(kind) ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = fork(fileURLToPath(new URL(entry, import.meta.url)), [], {
    execArgv: [...execArgv, ...profile, '--disable-warning=ExperimentalWarning'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (childPriority !== 0 && child.pid !== undefined) os.setPriority(child.pid, childPriority);
  return child;
}

/** Waits for the first IPC message that `pick` accepts; fails if the child exits or time runs out. */
function awaitMessage<M, T>(
  child: ChildProcess,
  timeoutMs: number,
  pick: (message: M) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown): void => {
      const picked = pick(message as M);
      if (picked === undefined) return;
      cleanup();
      resolve(picked);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`child exited (${code ?? signal}) before answering`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`child did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' } satisfies ParentToServer);
    else child.kill('SIGTERM');
  });
}

export interface ServerChild extends AsyncDisposable {
  readonly endpoint: Endpoint;
  readonly pid: number;
  /** Memory after a full GC, plus the server's CPU time so far. */
  measureMemory(): Promise<ServerSample>;
  /** The server's CPU time so far (memory figures without a GC are not comparable). */
  measureCpu(): Promise<ServerSample>;
  writeHeapSnapshot(path: string): Promise<string>;
}

export async function startServer(target: TargetName, extraExecArgv: string[] = []): Promise<ServerChild> {
  const child = forkChild('server', serverEntries[target], ['--expose-gc', ...extraExecArgv]);
  try {
    const endpoint = await awaitMessage<ServerToParent, Endpoint>(child, 60_000, (message) =>
      message.type === 'listening' ? message.endpoint : undefined,
    );
    const measure = (collectGarbage: boolean): Promise<ServerSample> => {
      const answer = awaitMessage<ServerToParent, ServerSample>(child, 30_000, (message) =>
        message.type === 'sample' ? message.sample : undefined,
      );
      child.send({ type: 'measure', collectGarbage } satisfies ParentToServer);
      return answer;
    };
    return {
      endpoint,
      pid: child.pid!,
      measureMemory: () => measure(true),
      measureCpu: () => measure(false),
      writeHeapSnapshot: (path) => {
        const answer = awaitMessage<ServerToParent, string>(child, 120_000, (message) =>
          message.type === 'heap-snapshot' ? message.path : undefined,
        );
        child.send({ type: 'heap-snapshot', path } satisfies ParentToServer);
        return answer;
      },
      [Symbol.asyncDispose]: () => stopChild(child),
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

export interface LoadHooks {
  /** Runs once every socket has joined, before the first update is sent (idle memory is measured here). */
  readonly whenConnected?: (connectMs: number) => Promise<void>;
}

export async function runLoad(
  endpoint: Endpoint,
  spec: LoadSpec,
  hooks: LoadHooks = {},
): Promise<LoadResult> {
  const child = forkChild('load', './load/load-child.ts', []);
  const limitMs = 60_000 + spec.durationMs + spec.drainMs;
  try {
    const connected = awaitMessage<LoadToParent, LoadToParent>(child, limitMs, (message) =>
      message.type === 'connected' || message.type === 'failed' ? message : undefined,
    );
    child.send({ type: 'run', endpoint, spec } satisfies ParentToLoad);
    const first = await connected;
    if (first.type === 'failed') throw new Error(`${spec.label}: ${first.reason}`);
    if (first.type === 'connected') await hooks.whenConnected?.(first.connectMs);
    const done = awaitMessage<LoadToParent, LoadToParent>(child, limitMs, (message) =>
      message.type === 'result' || message.type === 'failed' ? message : undefined,
    );
    child.send({ type: 'start' } satisfies ParentToLoad);
    const last = await done;
    if (last.type !== 'result')
      throw new Error(`${spec.label}: ${last.type === 'failed' ? last.reason : last.type}`);
    return last.result;
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
    });
  }
}
