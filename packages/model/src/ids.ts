// Branded ids: a ThreadId cannot be passed where a MailboxId is expected.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type UserId = Brand<string, 'UserId'>;
export type MailboxId = Brand<string, 'MailboxId'>;
export type ThreadId = Brand<string, 'ThreadId'>;
export type MessageId = Brand<string, 'MessageId'>;
export type CustomerId = Brand<string, 'CustomerId'>;
export type CommentId = Brand<string, 'CommentId'>;
export type OutboxId = Brand<string, 'OutboxId'>;
export type TaskId = Brand<string, 'TaskId'>;

/** Ids are url-safe and contain no '/', so they can be parts of a doc name. */
const ID_PATTERN = /^[A-Za-z0-9_.@+-]{1,128}$/;

export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

function brandAs<T extends string>(kind: string) {
  return (value: string): T => {
    if (!isValidId(value)) throw new Error(`invalid ${kind}: ${JSON.stringify(value)}`);
    return value as T;
  };
}

export const userId = brandAs<UserId>('user id');
export const mailboxId = brandAs<MailboxId>('mailbox id');
export const threadId = brandAs<ThreadId>('thread id');
export const messageId = brandAs<MessageId>('message id');
export const customerId = brandAs<CustomerId>('customer id');
export const commentId = brandAs<CommentId>('comment id');
export const outboxId = brandAs<OutboxId>('outbox id');
export const taskId = brandAs<TaskId>('task id');
