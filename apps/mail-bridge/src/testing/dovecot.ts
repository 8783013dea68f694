// A real Dovecot on loopback for integration tests, from /work/shared/recipes/dovecot.conf (copied
// below so the repo does not depend on the shared folder): its own temp dir, a free port, plaintext
// login, Maildir. As root it runs as nobody via setpriv; otherwise as the current user.
// Seed big mailboxes by writing Maildir files (thousands per second); simulate live arrival with
// IMAP APPEND. `await using` disposes it (kills Dovecot, removes the folder).
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const CONFIG = `
base_dir = @ROOT@/run
state_dir = @ROOT@/state
instance_name = wharf-test-@PORT@
protocols = imap
listen = 127.0.0.1
log_path = @ROOT@/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = @USER@
default_internal_group = @GROUP@
default_login_user = @USER@
mail_location = maildir:~/Maildir
mail_fsync = never
mail_privileged_group =
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u @ROOT@/users
}
userdb {
  driver = static
  args = uid=@USER@ gid=@GROUP@ home=@ROOT@/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = @PORT@
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 50
}
`;

export interface DovecotUser {
  email: string;
  password: string;
}

export interface SeedMessage {
  raw: Buffer;
  /** Maildir flags: S seen, R answered, F flagged, T deleted. */
  flags?: string;
  /** When the server received it (its IMAP INTERNALDATE: the Maildir file's time); default now. */
  received?: Date;
}

export interface Dovecot extends AsyncDisposable {
  host: string;
  port: number;
  root: string;
  addUser(user: DovecotUser): void;
  /** Writes messages straight into a Maildir folder (created if needed); Dovecot assigns UIDs in this order. */
  seed(email: string, folder: string, messages: readonly SeedMessage[]): void;
  /** Delivers one message over IMAP APPEND, as a live arrival. */
  append(user: DovecotUser, folder: string, raw: Buffer, flags?: string[]): Promise<void>;
  /** The raw sources of a folder's messages, in UID order (what a recipient received). */
  sources(user: DovecotUser, folder?: string): Promise<Buffer[]>;
  /** Forgets a folder's UIDs so Dovecot gives it a new UIDVALIDITY (restarts Dovecot on the same port). */
  resetUidValidity(email: string, folder: string): Promise<void>;
  /** An IMAP client logged in as the user, for assertions. */
  client(user: DovecotUser): Promise<ImapFlow>;
  /** CPU ms Dovecot's processes have used so far (Linux /proc; NaN elsewhere): benchmarks share its cores. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** utime+stime (and, with `children`, the reaped children's) of a process, in ms; 0 when gone. */
function processCpuMs(pid: number, children: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks =
      Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks * 10; // USER_HZ is 100
  } catch {
    return 0;
  }
}

/** The master's own and reaped children's CPU, plus every live child's (imap, auth, ...). */
function treeCpuMs(master: number): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  let total = processCpuMs(master, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === master) total += processCpuMs(Number(entry), false);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** An imapflow client logged in on a loopback test server (Dovecot, the Gmail-like one). */
export async function loginClient(port: number, user: DovecotUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: user.email, pass: user.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.setEncoding('utf8');
      socket.once('data', (data: string) => {
        socket.destroy();
        if (data.startsWith('* OK')) resolve();
        else reject(new Error(`unexpected greeting ${data}`));
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error('dovecot did not start'));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

const isRoot = () => process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

export async function startDovecot(users: readonly DovecotUser[] = []): Promise<Dovecot> {
  const root = mkdtempSync(join(tmpdir(), 'wharf-dovecot-'));
  const port = await freePort();
  const runAs = isRoot()
    ? { user: 'nobody', group: 'nogroup' }
    : { user: userInfo().username, group: groupName() };
  const config = CONFIG.replaceAll('@ROOT@', root)
    .replaceAll('@PORT@', String(port))
    .replaceAll('@USER@', runAs.user)
    .replaceAll('@GROUP@', runAs.group);
  for (const dir of ['run', 'state', 'mail']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'dovecot.conf'), config);
  const userLines = new Map<string, string>();
  const writeUsers = () => writeFileSync(join(root, 'users'), [...userLines.values()].join('\n') + '\n');
  const chown = (path: string) => {
    if (!isRoot()) return;
    chownSync(path, NOBODY.uid, NOBODY.gid);
  };
  const chownTree = (path: string) => {
    if (!isRoot()) return;
    chown(path);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) chownTree(child);
      else chown(child);
    }
  };
  const addUser = ({ email, password }: DovecotUser) => {
    userLines.set(email, `${email}:{PLAIN}${password}::::::`);
    writeUsers();
  };
  for (const user of users) addUser(user);
  writeUsers();
  chownTree(root);

  let child: ChildProcess | undefined;
  const start = async () => {
    const args = ['-F', '-c', join(root, 'dovecot.conf')];
    child = isRoot()
      ? spawn(
          'setpriv',
          ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '/usr/sbin/dovecot', ...args],
          {
            stdio: 'ignore',
          },
        )
      : spawn('/usr/sbin/dovecot', args, { stdio: 'ignore' });
    await waitForGreeting(port, 10_000);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
    child = undefined;
  };
  await start();

  let seedCounter = 0;
  const folderDir = (email: string, folder: string) => {
    const maildir = join(root, 'mail', email, 'Maildir');
    return folder.toUpperCase() === 'INBOX' ? maildir : join(maildir, `.${folder.replaceAll('/', '.')}`);
  };
  const ensureMaildir = (dir: string) => {
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  };

  const dovecot: Dovecot = {
    cpuMs: () => (child?.pid === undefined ? NaN : treeCpuMs(child.pid)),
    host: '127.0.0.1',
    port,
    root,
    addUser,
    seed(email, folder, messages) {
      const dir = folderDir(email, folder);
      ensureMaildir(dir);
      if (folder.toUpperCase() !== 'INBOX') {
        // Dovecot lists a Maildir++ folder once it has a maildirfolder marker
        writeFileSync(join(dir, 'maildirfolder'), '');
      }
      const base = 1_700_000_000;
      for (const message of messages) {
        seedCounter += 1;
        // zero-padded names: Dovecot assigns UIDs to new files in name order
        const name = `${base + seedCounter}.P${String(seedCounter).padStart(8, '0')}.wharf,S=${message.raw.length}:2,${message.flags ?? ''}`;
        const tmp = join(dir, 'tmp', name);
        writeFileSync(tmp, message.raw);
        if (message.received) utimesSync(tmp, message.received, message.received);
        renameSync(tmp, join(dir, 'cur', name));
      }
      chownTree(join(root, 'mail', email));
    },
    async append(user, folder, raw, flags = []) {
      const client = await dovecot.client(user);
      try {
        await client.append(folder, raw, flags);
      } finally {
        await client.logout();
      }
    },
    async sources(user, folder = 'INBOX') {
      const client = await dovecot.client(user);
      try {
        await client.mailboxOpen(folder);
        const sources: Buffer[] = [];
        for await (const m of client.fetch('1:*', { source: true })) if (m.source) sources.push(m.source);
        return sources;
      } finally {
        await client.logout();
      }
    },
    async resetUidValidity(email, folder) {
      await stop();
      const dir = folderDir(email, folder);
      for (const file of readdirSync(dir))
        if (file.startsWith('dovecot')) rmSync(join(dir, file), { force: true });
      // the mailbox list index also remembers UIDVALIDITY
      const maildir = join(root, 'mail', email, 'Maildir');
      for (const file of readdirSync(maildir))
        if (
          file.startsWith('dovecot.list.index') ||
          file === 'dovecot.index' ||
          file.startsWith('dovecot.index.')
        )
          if (folder.toUpperCase() === 'INBOX' || file.startsWith('dovecot.list.index'))
            rmSync(join(maildir, file), { force: true });
      await start();
    },
    client: (user) => loginClient(port, user),
    stop,
    async [Symbol.asyncDispose]() {
      await stop();
      if (existsSync(root)) rmSync(root, { recursive: true, force: true });
    },
  };
  return dovecot;
}

function groupName(): string {
  const gid = String(process.getgid?.() ?? '');
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === gid);
  return line?.split(':')[0] ?? 'nogroup';
}
