// The relay routes composing needs beyond the docs: uploading an attachment (to the mail bridge's
// store, behind the mailbox guard) and a manager's decision on mail awaiting approval.
import type { OutboxAttachment } from '@wharf/model';
import { ApiError, NetworkError } from './relay-api.ts';

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText);
  }
  return body as T;
}

export const composeApi = {
  /** Raw bytes with the file's type; the relay's CSRF rule takes x-wharf-csrf for non-JSON bodies. */
  upload: (mailboxId: string, file: File): Promise<OutboxAttachment> =>
    send<OutboxAttachment>(
      `/api/mailboxes/${encodeURIComponent(mailboxId)}/uploads?name=${encodeURIComponent(file.name)}`,
      {
        method: 'POST',
        headers: { 'content-type': file.type || 'application/octet-stream', 'x-wharf-csrf': '1' },
        body: file,
      },
    ),
  decide: (
    ref: { mailboxId: string; threadId: string; outboxId: string },
    decision: 'approve' | 'reject',
    revision: string,
  ) =>
    send<{ decision: string }>(
      `/api/threads/${encodeURIComponent(ref.mailboxId)}/${encodeURIComponent(ref.threadId)}/outbox/${encodeURIComponent(ref.outboxId)}/decision`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decision, revision }),
      },
    ),
};
