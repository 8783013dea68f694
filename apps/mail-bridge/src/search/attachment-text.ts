// Attachment text for the archive index, extracted from the blob store before the transaction that
// stores the body (extraction is async and can take seconds; the transaction must not wait on it).
import type { AttachmentExtractor } from '@wharf/search/extract';
import type { SearchAttachment } from '@wharf/search';
import type { AttachmentInfo } from '../mime/parse-message.ts';
import type { BlobStore } from '../store/blob-store.ts';

export interface AttachmentTextDeps {
  blobs: BlobStore;
  extract: AttachmentExtractor;
  /** Larger files are not read into memory at all (the extractor's own limit, checked first). */
  maxBytes: number;
}

/** Text of each named, non-inline attachment; a file that cannot be read gives '' (never a throw). */
export async function attachmentText(
  deps: AttachmentTextDeps,
  attachments: readonly AttachmentInfo[],
): Promise<SearchAttachment[]> {
  const texts: SearchAttachment[] = [];
  for (const a of attachments) {
    if (a.inline || !a.filename) continue;
    let text = '';
    if (a.size <= deps.maxBytes && (await deps.blobs.has(a.sha256))) {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of deps.blobs.read(a.sha256) as AsyncIterable<Buffer>) chunks.push(chunk);
        const result = await deps.extract({
          filename: a.filename,
          contentType: a.contentType,
          data: Buffer.concat(chunks),
        });
        if (result.ok) text = result.text;
      } catch {
        // an unreadable blob leaves the file searchable by name only
      }
    }
    texts.push({ filename: a.filename, text });
  }
  return texts;
}
