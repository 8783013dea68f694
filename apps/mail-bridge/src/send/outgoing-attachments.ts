// The files of an outbox entry, from the bridge's store. An entry names files by sha256; the
// bridge attaches one only if it was uploaded for this mailbox or is an attachment of the named
// message of this mailbox (model SPEC [OB5]): a member cannot attach another mailbox's files by
// guessing or copying a hash. Any missing file fails the entry: mail never goes without its files.
import type { OutboxAttachment } from '@wharf/model';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore } from '../store/bridge-store.ts';

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
    const allowed = attachment.fromMessage
      ? (store
          .messageByKey(mailboxId, attachment.fromMessage)
          ?.body?.attachments.some((a) => a.sha256 === attachment.sha256) ?? false)
      : store.upload(mailboxId, attachment.sha256) !== undefined;
    if (!allowed || !(await blobs.has(attachment.sha256)))
      return {
        ok: false,
        reason: `The attachment ${attachment.filename} is not available to this mailbox; nothing was sent. 附件 ${attachment.filename} 在此邮箱中不可用，邮件未发送。`,
      };
    const chunks: Buffer[] = [];
    for await (const chunk of blobs.read(attachment.sha256) as AsyncIterable<Buffer>) chunks.push(chunk);
    files.push({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: Buffer.concat(chunks),
    });
  }
  return { ok: true, files };
}
