// The files of an outbox entry, from the bridge's store. An entry names files by sha256 (a
// message's attachment also by its doc id; one never downloaded is fetched from IMAP first); the
// bridge attaches one only if it was uploaded for this mailbox or is an attachment of the named
// message of this mailbox (model SPEC [OB5]): a member cannot attach another mailbox's files by
// guessing or copying a hash. Any missing file fails the entry: mail never goes without its files.
import type { OutboxAttachment } from '@wharf/model';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore } from '../store/bridge-store.ts';
import { createPartFetcher } from '../ingest/fetch-on-demand.ts';

export type AttachmentLoad =
  | { ok: true; files: { filename: string; contentType: string; content: Buffer }[] }
  | { ok: false; reason: string };

export async function loadOutgoingAttachments(
  store: BridgeStore,
  blobs: BlobStore,
  mailboxId: string,
  attachments: readonly OutboxAttachment[],
): Promise<AttachmentLoad> {
  const files: { filename: string; contentType: string; content: Buffer }[] = [];
  for (const attachment of attachments) {
    // a message's attachment may still be on the IMAP server (fetched on demand, then kept)
    const carried = attachment.fromMessage
      ? await createPartFetcher({ store, blobs }).attachment(
          mailboxId,
          attachment.fromMessage,
          attachment.sha256,
        )
      : undefined;
    const sha256 = carried?.ok ? carried.value.sha256 : attachment.sha256;
    const allowed = carried ? carried.ok : store.upload(mailboxId, attachment.sha256) !== undefined;
    if (!allowed || !(await blobs.has(sha256)))
      return {
        ok: false,
        reason: `The attachment ${attachment.filename} is not available to this mailbox; nothing was sent. 附件 ${attachment.filename} 在此邮箱中不可用，邮件未发送。`,
      };
    const chunks: Buffer[] = [];
    for await (const chunk of blobs.read(sha256) as AsyncIterable<Buffer>) chunks.push(chunk);
    files.push({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: Buffer.concat(chunks),
    });
  }
  return { ok: true, files };
}
