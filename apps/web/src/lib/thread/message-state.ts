// Pure: what the thread view says about a message beyond its content — how exact its attachment
// sizes are, and where it went when it left the mail server's synced folders (model SPEC [SV3],
// [SV5]).
import type { AttachmentMeta, DeepReadonly, MessageServerState } from '@wharf/model';

/** An attachment in the bridge's body answer: `sha256` is '' until its bytes were downloaded. */
export interface StoredPart {
  partId: string | null;
  sha256: string;
  size: number;
}

/** The stored parts of the bridge's attachment list (the body route's `attachments`). */
export function storedParts(attachments: unknown): StoredPart[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((value: unknown) => {
    const a = (value ?? {}) as Partial<StoredPart>;
    if (typeof a.sha256 !== 'string' || typeof a.size !== 'number') return [];
    return [{ partId: typeof a.partId === 'string' ? a.partId : null, sha256: a.sha256, size: a.size }];
  });
}

/**
 * An attachment the bridge had not downloaded when it wrote the thread doc has the id
 * `part-<n>` and the size BODYSTRUCTURE implies (an estimate of the decoded size); once a
 * download kept its bytes, the body answer has the exact size.
 */
export function attachmentSize(
  attachment: Pick<AttachmentMeta, 'id' | 'size'>,
  stored: readonly StoredPart[] | undefined,
): { bytes: number; approximate: boolean } {
  if (!attachment.id.startsWith('part-')) return { bytes: attachment.size, approximate: false };
  const partId = attachment.id.slice('part-'.length);
  const exact = stored?.find((p) => p.partId === partId && p.sha256 !== '');
  return exact ? { bytes: exact.size, approximate: false } : { bytes: attachment.size, approximate: true };
}

/** "34 KB", "1.2 MB": the same digits and units in English and Chinese. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export type ServerNote =
  { kind: 'removed'; folders: string } | { kind: 'trash' | 'junk'; folder: string; folders: string };

/** What to say about a message no synced folder holds any more; undefined while one does. */
export function serverNote(server: DeepReadonly<MessageServerState> | undefined): ServerNote | undefined {
  if (!server?.removedFrom) return undefined;
  const folders = server.removedFrom.join(', ');
  if (server.movedTo) return { kind: server.movedTo.kind, folder: server.movedTo.folder, folders };
  return { kind: 'removed', folders };
}
