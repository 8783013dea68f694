// Pure core: which thread a message belongs to. Strongest evidence first:
// 1. the provider's own thread id (Gmail X-GM-THRID),
// 2. References / In-Reply-To (nearest ancestor first), and messages already stored that refer to
//    this one (a reply can arrive before its parent),
// 3. the normalised subject, only with a shared participant and within a time window: the same
//    subject between other people, or months apart, is another conversation ("Order", "Invoice").
import { normalizeSubject } from './normalize-subject.ts';

export interface ThreadingInput {
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: readonly string[];
  subject: string;
  /** Lower-case addresses of From, To, Cc. */
  participants: readonly string[];
  date: number | undefined;
  providerThreadId: string | undefined;
}

export interface SubjectCandidate {
  threadId: string;
  participants: readonly string[];
  lastDate: number;
}

/** Read-only lookups into what is already stored (the bridge store implements it in SQL). */
export interface ThreadLookup {
  threadOfProviderId(providerThreadId: string): string | undefined;
  threadOfMessageId(messageId: string): string | undefined;
  /** Threads of stored messages whose References/In-Reply-To name this Message-ID. */
  threadReferring(messageId: string): string | undefined;
  threadsWithSubject(normalizedSubject: string): readonly SubjectCandidate[];
}

export type ThreadDecision =
  | { kind: 'existing'; threadId: string; by: 'provider' | 'references' | 'referred-by' | 'subject' }
  | { kind: 'new'; normalizedSubject: string };

export const SUBJECT_WINDOW_MS = 30 * 24 * 3600 * 1000;
/** Subjects this short ("hi", "?") say nothing about the conversation. */
const MIN_SUBJECT_LENGTH = 4;

export function assignThread(
  message: ThreadingInput,
  lookup: ThreadLookup,
  windowMs: number = SUBJECT_WINDOW_MS,
): ThreadDecision {
  if (message.providerThreadId) {
    const threadId = lookup.threadOfProviderId(message.providerThreadId);
    if (threadId) return { kind: 'existing', threadId, by: 'provider' };
  }
  for (const ancestor of ancestorsNearestFirst(message)) {
    const threadId = lookup.threadOfMessageId(ancestor);
    if (threadId) return { kind: 'existing', threadId, by: 'references' };
  }
  if (message.messageId) {
    const threadId = lookup.threadReferring(message.messageId);
    if (threadId) return { kind: 'existing', threadId, by: 'referred-by' };
  }
  const normalizedSubject = normalizeSubject(message.subject);
  if (normalizedSubject.length >= MIN_SUBJECT_LENGTH && message.date !== undefined) {
    const date = message.date;
    const people = new Set(message.participants);
    const match = lookup
      .threadsWithSubject(normalizedSubject)
      .filter((c) => Math.abs(c.lastDate - date) <= windowMs && c.participants.some((p) => people.has(p)))
      .sort((a, b) => Math.abs(a.lastDate - date) - Math.abs(b.lastDate - date))[0];
    if (match) return { kind: 'existing', threadId: match.threadId, by: 'subject' };
  }
  return { kind: 'new', normalizedSubject };
}

function ancestorsNearestFirst(message: ThreadingInput): string[] {
  const ids = [...(message.inReplyTo ? [message.inReplyTo] : []), ...[...message.references].reverse()];
  return [...new Set(ids)].filter((id) => id !== message.messageId);
}
