// "Test connection" against real servers reports the exact failure kind.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '@wharf/mail-bridge';
import { freePort, startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { startSmtp, type SmtpServer } from '../helpers/smtp.ts';

const user = { email: 'sales@wharf.test', password: 'secret' };

describe('testConnection', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let silent: Server;
  let silentPort: number;

  beforeAll(async () => {
    dovecot = await startDovecot([user]);
    smtp = await startSmtp({ users: [{ user: user.email, password: user.password }] });
    // accepts TCP and never says a word: a firewall black hole or a wrong port
    silent = createServer(() => undefined);
    silentPort = await new Promise<number>((resolve) =>
      silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)),
    );
  });

  afterAll(async () => {
    await dovecot?.[Symbol.asyncDispose]();
    await smtp?.[Symbol.asyncDispose]();
    silent?.close();
  });

  const target = (over: { imapPort?: number; imapSecure?: boolean; smtpPort?: number }) => ({
    imap: { host: '127.0.0.1', port: over.imapPort ?? dovecot.port, secure: over.imapSecure ?? false },
    smtp: { host: '127.0.0.1', port: over.smtpPort ?? smtp.port, secure: false },
    username: user.email,
  });

  it('succeeds with the right password on IMAP and SMTP', async () => {
    expect(await testConnection(target({}), user.password)).toEqual({ ok: true });
  });

  it('wrong password → auth (IMAP), and on SMTP', async () => {
    expect(await testConnection(target({}), 'wrong')).toMatchObject({
      ok: false,
      stage: 'imap',
      failure: { kind: 'auth' },
    });
    const smtpOnly = await startSmtp({ users: [{ user: user.email, password: 'other' }] });
    try {
      expect(await testConnection(target({ smtpPort: smtpOnly.port }), user.password)).toMatchObject({
        ok: false,
        stage: 'smtp',
        failure: { kind: 'auth' },
      });
    } finally {
      await smtpOnly[Symbol.asyncDispose]();
    }
  });

  it('closed port → refused; TLS spoken to a plaintext port → tls; silent server → timeout', async () => {
    expect(await testConnection(target({ imapPort: await freePort() }), user.password)).toMatchObject({
      failure: { kind: 'refused' },
    });
    expect(
      await testConnection(target({ imapSecure: true }), user.password, { timeoutMs: 5_000 }),
    ).toMatchObject({
      failure: { kind: 'tls' },
    });
    expect(
      await testConnection(target({ imapPort: silentPort }), user.password, { timeoutMs: 1_000 }),
    ).toMatchObject({
      failure: { kind: 'timeout' },
    });
  });
});
