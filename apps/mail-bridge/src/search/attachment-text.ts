// Attachment text for the archive index, extracted from the blob store before the transaction that
// stores the body (extraction is async and can take seconds; the transaction must not wait on it).
import type { AttachmentExtractor } from '@wharf/search/extract';
import type { SearchAttachment } from '@wharf/search';
import type { AttachmentInfo } from '../mime/parse-message.ts';
import type { BlobStore } from '../store/blob-store.ts';

/** Attachments above this are not read (the extractor's own default limit). */
export const EXTRACT_MAX_BYTES = 20 * 1024 * 1024;

export interface AttachmentTextDeps {
  blobs: BlobStore;
  extract: AttachmentExtractor;
  /** Larger files are not read into memory at all (the extractor's own limit, checked first). */
  maxBytes: number;
}

/**
 * Text of each named, non-inline attachment; a file that cannot be read gives '' and the reason
 * (never a throw), so the message is indexed without it and ingest goes on.
 */
export async function attachmentText(
  deps: AttachmentTextDeps,
  attachments: readonly AttachmentInfo[],
): Promise<SearchAttachment[]> {
  const texts: SearchAttachment[] = [];
  for (const a of attachments) {
    if (a.inline || !a.filename) continue;
    let text = '';
    let skipped: string | undefined;
    if (a.size > deps.maxBytes) skipped = `too-large: ${a.size} bytes > ${deps.maxBytes}`;
    else if (!(await deps.blobs.has(a.sha256))) skipped = 'unavailable: the file is not in the store';
    else {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of deps.blobs.read(a.sha256) as AsyncIterable<Buffer>) chunks.push(chunk);
        const result = await deps.extract({
          filename: a.filename,
          contentType: a.contentType,
          data: Buffer.concat(chunks),
        });
        if (result.ok) text = result.text;
        else skipped = `${result.error}: ${result.message}`;
      } catch (error) {
        // an unreadable blob leaves the file searchable by name only
        skipped = `failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    texts.push({ filename: a.filename, text, ...(skipped ? { skipped } : {}) });
  }
  return texts;
}
