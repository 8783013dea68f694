// Pure core: what the metadata-first FETCH returns (header fields, size, BODYSTRUCTURE, flags,
// provider thread id) → the message's metadata record and its cross-folder identity.
import { charsetsIn, headerLinesOf } from '../mime/headers.ts';
import { readHeaders } from '../mime/parse-message.ts';
import type { MessageMeta } from '../store/bridge-store.ts';
import { messageKey } from '../sync/message-key.ts';
import { normalizeSubject } from '../threading/normalize-subject.ts';
import { planSkeleton } from '../mime/skeleton.ts';

/** Header fields the metadata phase asks for: enough to show the inbox and to thread. */
export const METADATA_HEADERS = [
  'message-id',
  'in-reply-to',
  'references',
  'subject',
  'from',
  'to',
  'cc',
  'date',
  'content-type',
];

export interface StructureNode {
  type: string;
  parameters?: Record<string, string> | undefined;
  disposition?: string | undefined;
  dispositionParameters?: Record<string, string> | undefined;
  size?: number | undefined;
  childNodes?: StructureNode[] | undefined;
}

export interface FetchedMetadata {
  headers: Uint8Array | undefined;
  size: number | undefined;
  bodyStructure: StructureNode | undefined;
  providerThreadId: string | undefined;
  internalDate?: Date | string | undefined;
}

export function metaFromFetch(fetched: FetchedMetadata): MessageMeta {
  const block = fetched.headers ?? new Uint8Array();
  const lines = headerLinesOf(block);
  const hints = [
    ...charsetsIn(Buffer.from(block).toString('latin1')),
    ...structureCharsets(fetched.bodyStructure),
  ];
  const headers = readHeaders(lines, hints);
  const raw = (key: string) => lines.find((l) => l.key === key)?.line;
  const size = fetched.size ?? 0;
  return {
    key: messageKey({
      messageId: headers.messageId,
      size,
      date: raw('date'),
      subject: raw('subject'),
      from: raw('from'),
      structure: structureFingerprint(fetched.bodyStructure),
    }),
    messageId: headers.messageId,
    inReplyTo: headers.inReplyTo,
    references: headers.references,
    subject: headers.subject,
    normalizedSubject: normalizeSubject(headers.subject),
    from: headers.from,
    to: headers.to,
    cc: headers.cc,
    date: headers.date,
    ...receivedAtOf(fetched.internalDate),
    size,
    hasAttachments: hasAttachment(fetched.bodyStructure),
    leavesParts: planSkeleton(fetched.bodyStructure) !== undefined,
    providerThreadId: fetched.providerThreadId,
  };
}

function structureCharsets(node: StructureNode | undefined): string[] {
  if (!node) return [];
  const own = node.parameters?.charset ? [node.parameters.charset] : [];
  return [...own, ...(node.childNodes ?? []).flatMap(structureCharsets)];
}

function structureFingerprint(node: StructureNode | undefined): string {
  if (!node) return '';
  const children = (node.childNodes ?? []).map(structureFingerprint).join(',');
  return `${node.type}:${node.size ?? ''}(${children})`;
}

function hasAttachment(node: StructureNode | undefined): boolean {
  if (!node) return false;
  if (node.disposition === 'attachment') return true;
  if (node.childNodes) return node.childNodes.some(hasAttachment);
  return !node.type.startsWith('text/') &&
    !node.type.startsWith('multipart/') &&
    node.type !== 'message/rfc822'
    ? node.disposition !== 'inline'
    : false;
}

function receivedAtOf(internalDate: Date | string | undefined): { receivedAt?: number } {
  const at = internalDate === undefined ? NaN : new Date(internalDate).getTime();
  return Number.isFinite(at) ? { receivedAt: at } : {};
}
