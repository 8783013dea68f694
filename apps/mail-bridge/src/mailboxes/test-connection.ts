// "Test connection": log in over IMAP and SMTP once and report the exact failure. Thin shell over
// imapflow and nodemailer; the classification is connection-failure.ts.
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { classifyConnectionError, type ConnectionFailure } from './connection-failure.ts';
import type { ServerSettings } from './presets.ts';

export interface ConnectionTarget {
  imap: ServerSettings;
  smtp: ServerSettings;
  username: string;
}

export type ConnectionTestResult =
  { ok: true } | { ok: false; stage: 'imap' | 'smtp'; failure: ConnectionFailure };

export async function testConnection(
  target: ConnectionTarget,
  password: string,
  options: { timeoutMs?: number; skipSmtp?: boolean } = {},
): Promise<ConnectionTestResult> {
  const timeout = options.timeoutMs ?? 15_000;
  const imap = new ImapFlow({
    ...target.imap,
    auth: { user: target.username, pass: password },
    logger: false,
    verifyOnly: true,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  imap.on('error', () => undefined); // the connect() rejection carries the same error
  try {
    await imap.connect();
  } catch (err) {
    return { ok: false, stage: 'imap', failure: classifyConnectionError(err) };
  } finally {
    imap.close();
  }
  if (options.skipSmtp) return { ok: true };
  const smtp = nodemailer.createTransport({
    ...target.smtp,
    auth: { user: target.username, pass: password },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(target.smtp.secure ? {} : { requireTLS: !isLoopback(target.smtp.host) }),
  });
  try {
    await smtp.verify();
    return { ok: true };
  } catch (err) {
    return { ok: false, stage: 'smtp', failure: classifyConnectionError(err) };
  } finally {
    smtp.close();
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1';
}
