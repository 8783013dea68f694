// A Gmail-like IMAP server on loopback for integration tests: hoodiecrow-imap (a scriptable IMAP
// server by imapflow's author) with its X-GM-EXT-1, SPECIAL-USE, CONDSTORE and IDLE plugins,
// laid out as Gmail is: INBOX, [Gmail]/All Mail (\All), [Gmail]/Sent Mail (\Sent), [Gmail]/Trash
// and a folder per user label. One message is one X-GM-MSGID and one X-GM-THRID, with a copy (its
// own UID) in All Mail and in every folder one of its labels names, as Gmail shows it.
// What hoodiecrow 2.1 lacks is added here through its own plugin hooks, never in node_modules:
// - the X-GM-EXT-1 capability itself (the plugin serves X-GM-MSGID/X-GM-LABELS but never says so);
// - X-GM-THRID (the plugin leaves it out), given per message or found as Gmail does, through
//   References/In-Reply-To to a known message, else the message's own X-GM-MSGID;
// - `\All` is not a label (the plugin labels each copy with its folder's special-use);
// - flags and labels are the message's, not the copy's: a STORE on one copy is applied to every
//   copy, bumps each folder's HIGHESTMODSEQ and is reported to the other sessions (hoodiecrow
//   reports a STORE only to the session that sent it; Gmail and RFC 3501 servers tell them all).
// Labels are kept on the wire form, modified UTF-7 (询价 → &i,KNUQ-), as Gmail sends them.
import { createRequire } from 'node:module';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { ImapFlow } from 'imapflow';
import { loginClient } from '@wharf/mail-bridge/testing';
import { startSmtp, type SmtpDelivery, type SmtpServer } from './smtp.ts';

export const ALL_MAIL = '[Gmail]/All Mail';
export const SENT_MAIL = '[Gmail]/Sent Mail';
export const TRASH = '[Gmail]/Trash';

export interface GmailUser {
  email: string;
  password: string;
}

export interface GmailMessage {
  raw: Buffer;
  /** System labels (\Inbox, \Sent, \Important, \Starred) and user labels, as Gmail shows them. */
  labels: readonly string[];
  flags?: readonly string[];
  /** X-GM-THRID; by default Gmail's own threading (References/In-Reply-To, else a new thread). */
  threadId?: string;
  date?: Date;
}

export interface GmailCopy {
  uid: number;
  msgId: string;
  threadId: string;
  messageId: string | undefined;
  flags: string[];
  /** Decoded (询价, not &i,KNUQ-). */
  labels: string[];
}

export interface GmailServer extends AsyncDisposable {
  host: string;
  port: number;
  user: GmailUser;
  /** Files a message as Gmail does (All Mail + the folders its labels name); returns its ids. */
  deliver(message: GmailMessage): { msgId: string; threadId: string };
  /** The copies a folder holds, in UID order. */
  copies(folder: string): GmailCopy[];
  /** An IMAP client logged in as the user ("another client": Gmail's web UI, a phone). */
  client(): Promise<ImapFlow>;
  /**
   * A real SMTP server that behaves like Gmail's: what the user sends is filed in Sent Mail and
   * All Mail by the server itself, labelled \Sent, threaded with what it replies to.
   */
  smtp(): Promise<SmtpServer>;
}

// ---- the slice of hoodiecrow's (untyped, CommonJS) API used here ----
interface HcAtom {
  type: 'ATOM';
  value: string;
}
type HcResponse = { tag: string; attributes?: unknown[]; notification?: boolean };
interface HcMessage {
  raw: string;
  uid: number;
  flags: string[];
  internaldate?: Date | string;
  MODSEQ?: number;
  'X-GM-MSGID'?: string;
  'X-GM-THRID'?: string;
  'X-GM-LABELS': string[];
}
interface HcMailbox {
  path: string;
  messages: HcMessage[];
  HIGHESTMODSEQ?: number;
  'special-use'?: string;
}
interface HcConnection {
  selectedMailbox?: HcMailbox;
}
interface HcServer {
  server: Server;
  listen(port: number, host: string, callback: () => void): void;
  close(callback: () => void): void;
  registerCapability(name: string): void;
  fetchHandlers: Record<string, (connection: HcConnection, message: HcMessage) => unknown>;
  messageHandlers: ((connection: unknown, message: HcMessage, mailbox: HcMailbox) => void)[];
  outputHandlers: ((
    connection: HcConnection,
    response: HcResponse,
    description: string,
    parsed: unknown,
    data: unknown,
    affected: unknown,
  ) => void)[];
  getMailbox(path: string): HcMailbox | undefined;
  processMessage(message: Partial<HcMessage>, mailbox: HcMailbox): void;
  notify(command: HcResponse, mailbox: HcMailbox, ignoreConnection?: HcConnection): void;
}
type HcPlugin = string | ((server: HcServer) => void);
const hoodiecrow = createRequire(import.meta.url)('hoodiecrow-imap') as (options: {
  plugins: HcPlugin[];
  users: Record<string, { password: string }>;
  storage: unknown;
}) => HcServer;

/** RFC 3501 §5.1.3 modified UTF-7: mailbox names, and Gmail labels. */
export function toModifiedUtf7(name: string): string {
  return name.replace(/&|[^\x20-\x7e]+/g, (run) => {
    if (run === '&') return '&-';
    const utf16 = Buffer.alloc(run.length * 2);
    for (let i = 0; i < run.length; i += 1) utf16.writeUInt16BE(run.charCodeAt(i), i * 2);
    return `&${utf16.toString('base64').replace(/=+$/, '').replaceAll('/', ',')}-`;
  });
}

function fromModifiedUtf7(name: string): string {
  return name.replace(/&([^-]*)-/g, (_, b64: string) => {
    if (b64 === '') return '&';
    const bytes = Buffer.from(b64.replaceAll(',', '/'), 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i));
    return out;
  });
}

const header = (raw: string, name: string): string | undefined => {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim();
};
const messageIds = (value: string | undefined) => value?.match(/<[^>]+>/g) ?? [];
const SYSTEM_FOLDERS: Record<string, string> = { '\\Inbox': 'INBOX', '\\Sent': SENT_MAIL, '\\Trash': TRASH };

export async function startGmail(options: {
  user: GmailUser;
  /** User labels that have a folder of their own ("Customers/ACME" → folder Customers/ACME). */
  labelFolders?: readonly string[];
  messages?: readonly GmailMessage[];
}): Promise<GmailServer> {
  const { user } = options;
  const folders: Record<string, unknown> = {
    '[Gmail]': {
      flags: ['\\Noselect'],
      folders: {
        'All Mail': { 'special-use': '\\All' },
        'Sent Mail': { 'special-use': '\\Sent' },
        Trash: { 'special-use': '\\Trash' },
      },
    },
  };
  for (const label of options.labelFolders ?? []) {
    // nested labels are nested folders, as Gmail lists them
    let level = folders;
    for (const part of toModifiedUtf7(label).split('/')) {
      const folder = (level[part] ??= { folders: {} }) as { folders: Record<string, unknown> };
      level = folder.folders;
    }
  }

  const server = hoodiecrow({
    plugins: [
      'ID',
      'ENABLE',
      'IDLE',
      'UNSELECT',
      'UIDPLUS',
      'SPECIAL-USE',
      'CONDSTORE',
      'X-GM-EXT-1',
      (s) => {
        s.registerCapability('X-GM-EXT-1');
        s.fetchHandlers['X-GM-THRID'] = (_connection, message): HcAtom => ({
          type: 'ATOM',
          value: message['X-GM-THRID'] ?? message['X-GM-MSGID'] ?? '0',
        });
        s.messageHandlers.push((_connection, message) => {
          message['X-GM-LABELS'] = message['X-GM-LABELS'].filter((l) => l !== '\\All');
        });
        // after CONDSTORE's handler (plugins run in order): the stored copy has its new MODSEQ
        s.outputHandlers.push((connection, _response, description, _parsed, _data, affected) => {
          if (description !== 'STORE COMPLETE' && description !== 'UID STORE COMPLETE') return;
          if (!Array.isArray(affected) || !connection.selectedMailbox) return;
          for (const item of affected as (HcMessage | [number, HcMessage])[])
            applyToEveryCopy(connection, Array.isArray(item) ? item[1] : item);
        });
      },
    ],
    users: { [user.email]: { password: user.password } },
    storage: { INBOX: {}, '': { separator: '/', folders } },
  });

  const mailboxes = (): HcMailbox[] =>
    Object.values((server as unknown as { folderCache: Record<string, HcMailbox> }).folderCache);
  const copiesOf = (msgId: string) =>
    mailboxes().flatMap((mailbox) =>
      mailbox.messages.flatMap((message, i) =>
        message['X-GM-MSGID'] === msgId ? [{ mailbox, message, seq: i + 1 }] : [],
      ),
    );
  const fetchUpdate = (seq: number, message: HcMessage): HcResponse => ({
    tag: '*',
    attributes: [
      seq,
      { type: 'ATOM', value: 'FETCH' },
      [
        { type: 'ATOM', value: 'FLAGS' },
        message.flags.map((value): HcAtom => ({ type: 'ATOM', value })),
        { type: 'ATOM', value: 'UID' },
        message.uid,
      ],
    ],
  });

  function applyToEveryCopy(connection: HcConnection, stored: HcMessage) {
    for (const { mailbox, message, seq } of copiesOf(stored['X-GM-MSGID'] ?? '')) {
      if (message !== stored) {
        message.flags = [...stored.flags];
        message['X-GM-LABELS'] = [...stored['X-GM-LABELS']];
        mailbox.HIGHESTMODSEQ = (mailbox.HIGHESTMODSEQ ?? 0) + 1;
        message.MODSEQ = mailbox.HIGHESTMODSEQ;
      }
      server.notify(fetchUpdate(seq, message), mailbox, message === stored ? connection : undefined);
    }
  }

  let nextMsgId = 1_789_000_000_000_000_001n;
  const byMessageId = new Map<string, string>();
  const threadOf = (raw: string): string | undefined => {
    for (const id of [
      ...messageIds(header(raw, 'References')).reverse(),
      ...messageIds(header(raw, 'In-Reply-To')),
    ]) {
      const thread = byMessageId.get(id);
      if (thread) return thread;
    }
    return undefined;
  };

  const deliver = (message: GmailMessage) => {
    const raw = message.raw.toString('binary');
    const msgId = String(nextMsgId++);
    const threadId = message.threadId ?? threadOf(raw) ?? msgId;
    const ownId = messageIds(header(raw, 'Message-ID'))[0];
    if (ownId) byMessageId.set(ownId, threadId);
    const labels = message.labels.map(toModifiedUtf7);
    // All Mail first: a session idling on INBOX that hears of it finds it in All Mail already
    const paths = [
      ALL_MAIL,
      ...message.labels.map((l) => SYSTEM_FOLDERS[l] ?? (l.startsWith('\\') ? undefined : l)),
    ].flatMap((p) => (p && server.getMailbox(toModifiedUtf7(p)) ? [toModifiedUtf7(p)] : []));
    for (const path of new Set(paths)) {
      const mailbox = server.getMailbox(path)!;
      const copy: Partial<HcMessage> = {
        raw,
        flags: [...(message.flags ?? [])],
        internaldate: message.date ?? new Date(),
        'X-GM-MSGID': msgId,
        'X-GM-THRID': threadId,
        'X-GM-LABELS': [...labels],
      };
      mailbox.messages.push(copy as HcMessage);
      server.processMessage(copy, mailbox);
      server.notify(
        { tag: '*', attributes: [mailbox.messages.length, { type: 'ATOM', value: 'EXISTS' }] },
        mailbox,
      );
    }
    return { msgId, threadId };
  };

  for (const message of options.messages ?? []) deliver(message);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  // hoodiecrow keeps no list of its sockets, and close() waits for every one to end
  const sockets = new Set<Socket>();
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const clients: ImapFlow[] = [];
  const smtpServers: SmtpServer[] = [];

  const fileSent = (delivery: SmtpDelivery) => {
    if (delivery.from.toLowerCase() === user.email.toLowerCase())
      deliver({ raw: delivery.raw, labels: ['\\Sent'], flags: ['\\Seen'] });
    if (delivery.to.includes(user.email.toLowerCase())) deliver({ raw: delivery.raw, labels: ['\\Inbox'] });
  };

  return {
    host: '127.0.0.1',
    port,
    user,
    deliver,
    copies(folder) {
      return (server.getMailbox(toModifiedUtf7(folder))?.messages ?? []).map((m) => ({
        uid: m.uid,
        msgId: m['X-GM-MSGID'] ?? '',
        threadId: m['X-GM-THRID'] ?? '',
        messageId: messageIds(header(m.raw, 'Message-ID'))[0],
        flags: [...m.flags],
        labels: m['X-GM-LABELS'].map(fromModifiedUtf7),
      }));
    },
    async client() {
      const client = await loginClient(port, user);
      clients.push(client);
      return client;
    },
    async smtp() {
      const smtp = await startSmtp({ onDelivery: fileSent });
      smtpServers.push(smtp);
      return smtp;
    },
    async [Symbol.asyncDispose]() {
      for (const client of clients) client.close();
      for (const smtp of smtpServers) await smtp[Symbol.asyncDispose]();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
