// Pure: the routing view of a message as the thread doc records it. The body text is not in the
// doc (design §2): the bridge passes the text it parsed, or the snippet when that is all there is.
import type { MailboxId } from '../ids.ts';
import type { MessageRef } from '../thread/types.ts';
import type { MessageSummary } from './rule-types.ts';

export function messageSummaryFromRef(
  ref: Pick<MessageRef, 'from' | 'to' | 'cc' | 'subject' | 'snippet' | 'attachments'>,
  mailboxId: MailboxId,
  options: { readonly text?: string; readonly deliveredTo?: readonly string[] } = {},
): MessageSummary {
  return {
    mailboxId,
    recipients: [...ref.to, ...ref.cc].map((address) => address.address).concat(options.deliveredTo ?? []),
    from:
      ref.from.name === undefined
        ? { address: ref.from.address }
        : { address: ref.from.address, name: ref.from.name },
    subject: ref.subject,
    text: options.text ?? ref.snippet,
    attachmentNames: ref.attachments.map((attachment) => attachment.filename),
  };
}
