// Pure core: what the browser holds of a thread → one offline search document. The offline index
// (lunr, in the search worker) indexes threads, not messages: the inbox row is always there (subject,
// counterpart, snippet, filters); a thread doc kept in IndexedDB adds every message's envelope,
// attachment names, comments and notes; a body the service worker cached adds its text.
import type { MessageId, ThreadSummary, ThreadView } from '@wharf/model';
import type { Participant, SearchDocument } from '@wharf/search';

/** The offline index's key for a thread (one document per thread). */
export function threadKey(mailboxId: string, threadId: string): MessageId {
  return `${mailboxId}/${threadId}` as MessageId;
}

/** What a thread doc adds to its row; plain data so it crosses to the worker. */
export interface HeldThread {
  readonly participants: readonly Participant[];
  readonly recipients: readonly Participant[];
  readonly subjects: readonly string[];
  readonly snippets: readonly string[];
  readonly attachments: readonly string[];
  /** Comments and notes. */
  readonly internal: readonly string[];
  /** Message ids, to look up cached bodies. */
  readonly messages: readonly string[];
}

export function heldThreadOf(view: ThreadView): HeldThread {
  const internal: string[] = [];
  const walk = (comments: ThreadView['comments']) => {
    for (const c of comments) {
      if (!c.deleted) internal.push(c.body);
      walk(c.replies);
    }
  };
  walk(view.comments);
  for (const n of view.notes) if (!n.deleted) internal.push(n.body);
  const unique = (values: string[]) => [...new Set(values.filter((v) => v !== ''))];
  return {
    participants: view.messages.map((m) => ({ name: m.from.name ?? null, address: m.from.address })),
    recipients: view.messages.flatMap((m) =>
      [...m.to, ...m.cc].map((a) => ({ name: a.name ?? null, address: a.address })),
    ),
    subjects: unique(view.messages.map((m) => m.subject)),
    snippets: unique(view.messages.map((m) => m.snippet)),
    attachments: unique(view.messages.flatMap((m) => m.attachments.map((a) => a.filename))),
    internal,
    messages: view.messages.map((m) => m.id),
  };
}

export function threadDocument(
  row: ThreadSummary,
  held?: HeldThread,
  bodies: readonly string[] = [],
): SearchDocument {
  const counterpart: Participant[] = row.counterpart
    ? [{ name: row.counterpart.name ?? null, address: row.counterpart.address }]
    : [];
  const dedupe = (ps: readonly Participant[]) => [
    ...new Map(ps.map((p) => [p.address.toLowerCase(), p])).values(),
  ];
  const subjects = held ? [row.subject, ...held.subjects.filter((s) => s !== row.subject)] : [row.subject];
  // Without a filename (rows only know that there are attachments) has:attachment still holds.
  const attachments = held?.attachments.length
    ? held.attachments.map((filename) => ({ filename, text: '' }))
    : row.hasAttachments
      ? [{ filename: '', text: '' }]
      : [];
  return {
    key: threadKey(row.mailboxId, row.threadId),
    mailbox: row.mailboxId,
    thread: row.threadId,
    date: row.lastActivity,
    subject: subjects.join('\n'),
    from: dedupe([...counterpart, ...(held?.participants ?? [])]),
    to: dedupe(held?.recipients ?? []),
    body: [...new Set([row.snippet, ...(held?.snippets ?? []), ...bodies])].filter(Boolean).join('\n'),
    attachments,
    internal: held?.internal ?? [],
    status: row.status,
    assignee: row.assignee,
    customer: row.customerId,
    tags: row.tags,
  };
}

/** Whether a row changed in a way the offline index cares about (text or filters). */
export function rowChanged(a: ThreadSummary, b: ThreadSummary): boolean {
  return (
    a.lastActivity !== b.lastActivity ||
    a.messageCount !== b.messageCount ||
    a.subject !== b.subject ||
    a.snippet !== b.snippet ||
    a.status !== b.status ||
    a.assignee !== b.assignee ||
    a.customerId !== b.customerId ||
    a.hasAttachments !== b.hasAttachments ||
    a.counterpart?.address !== b.counterpart?.address ||
    a.counterpart?.name !== b.counterpart?.name ||
    a.tags.join('\u0000') !== b.tags.join('\u0000')
  );
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * Text of an HTML body for indexing (never for display): drops head/style/script, tags and
 * comments; decodes the common entities. A worker has no DOMParser.
 */
export function htmlText(html: string): string {
  return html
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(br|p|div|tr|li|h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\r\f]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
