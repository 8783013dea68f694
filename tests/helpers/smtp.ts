// A real SMTP server on loopback (the smtp-server package) that delivers what it accepts into
// Dovecot: each recipient that is a Dovecot user gets the message written into their INBOX Maildir.
// `dropAfterData` makes the next transactions deliver the message and then cut the connection
// instead of answering 250, the ambiguous failure a sender must not answer with a blind resend.
import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Dovecot } from './dovecot.ts';

export interface SmtpDelivery {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SmtpServer extends AsyncDisposable {
  host: string;
  port: number;
  /** Every accepted message, in order (including ones whose connection was then dropped). */
  deliveries: SmtpDelivery[];
  /** Drop the connection after the next `count` DATA transactions are received (and delivered). */
  dropAfterData(count?: number): void;
  /** Answer the next `count` DATA transactions with a temporary 451 failure (nothing delivered). */
  failTemporarily(count?: number): void;
  waitForDeliveries(count: number, timeoutMs?: number): Promise<SmtpDelivery[]>;
}

export interface SmtpOptions {
  dovecot?: Dovecot;
  /** Accepted logins; without any, AUTH is optional. */
  users?: { user: string; password: string }[];
  /** File a copy in the sender's Sent folder, as Gmail and Outlook do for mail sent through them. */
  fileSentCopy?: boolean;
  /** Called with each accepted message (a server that files it itself, e.g. the Gmail helper). */
  onDelivery?: (delivery: SmtpDelivery) => void;
}

export async function startSmtp(options: SmtpOptions = {}): Promise<SmtpServer> {
  const deliveries: SmtpDelivery[] = [];
  const sockets = new Map<number, Socket>();
  const waiters = new Set<() => void>();
  let drops = 0;
  let temporaryFailures = 0;
  const users = options.users ?? [];

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: users.length === 0,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      // without configured users every login is accepted (senders that always authenticate)
      const ok =
        users.length === 0 || users.some((u) => u.user === auth.username && u.password === auth.password);
      if (ok) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (temporaryFailures > 0) {
          temporaryFailures -= 1;
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        deliveries.push({ from, to, raw });
        options.onDelivery?.({ from, to, raw });
        for (const rcpt of to) options.dovecot?.seed(rcpt, 'INBOX', [{ raw }]);
        if (options.fileSentCopy && from)
          options.dovecot?.seed(from.toLowerCase(), 'Sent', [{ raw, flags: 'S' }]);
        for (const wake of waiters) wake();
        if (drops > 0) {
          drops -= 1;
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  // smtp-server keeps its net.Server in `server`; the sockets are what dropAfterData cuts
  const net = (server as unknown as { server: import('node:net').Server }).server;
  net.on('connection', (socket: Socket) => {
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = net.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });

  return {
    host: '127.0.0.1',
    port,
    deliveries,
    dropAfterData(count = 1) {
      drops += count;
    },
    failTemporarily(count = 1) {
      temporaryFailures += count;
    },
    waitForDeliveries(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (deliveries.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(deliveries.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} deliveries, got ${deliveries.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async [Symbol.asyncDispose]() {
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
