// Attachments and raw sources that the sync left on the IMAP server (mime/skeleton.ts), fetched on
// the first request and kept in the content-addressed store: the second request does not touch
// IMAP. One short IMAP session per fetch (downloads are rare and user-driven); two requests for
// the same part share one download.
import { ImapFlow } from 'imapflow';
import type { AttachmentInfo } from '../mime/parse-message.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore } from '../store/bridge-store.ts';

export type OnDemandResult<T> =
  | { ok: true; value: T }
  /** not-found: no such message or attachment; gone: not kept and no longer on the server. */
  | { ok: false; reason: 'not-found' | 'gone' | 'unavailable'; message?: string };

export interface PartFetcher {
  /**
   * An attachment of a message, by the id the thread doc shows: its sha256 once fetched, else
   * `part-<IMAP part number>`. Resolves once its bytes are in the blob store.
   */
  attachment(mailboxId: string, key: string, id: string): Promise<OnDemandResult<AttachmentInfo>>;
  /** The sha256 of a message's whole raw source, fetched first if the sync kept only a skeleton. */
  raw(mailboxId: string, key: string): Promise<OnDemandResult<string>>;
}

export interface PartFetcherDeps {
  store: BridgeStore;
  blobs: BlobStore;
  socketTimeoutMs?: number;
}

/** The id a thread doc gives an attachment (SPEC [MS2]: metadata only; the bytes stay here). */
export const attachmentId = (a: Pick<AttachmentInfo, 'sha256' | 'partId'>): string =>
  a.sha256 || `part-${a.partId ?? ''}`;

export function createPartFetcher(deps: PartFetcherDeps): PartFetcher {
  // read at each call: route deps may resolve them late (the relay starts before the bridge)
  const store = () => deps.store;
  const inFlight = new Map<string, Promise<unknown>>();

  const once = <T>(id: string, run: () => Promise<T>): Promise<T> => {
    const running = inFlight.get(id) as Promise<T> | undefined;
    if (running) return running;
    const started = run().finally(() => inFlight.delete(id));
    inFlight.set(id, started);
    return started;
  };

  /** Downloads one section (undefined: the whole source) into the blob store. */
  async function download(
    mailboxId: string,
    key: string,
    part: string | undefined,
  ): Promise<OnDemandResult<{ sha256: string; size: number }>> {
    const settings = store().getMailbox(mailboxId);
    const where = store().locations(mailboxId, key)[0];
    if (!settings || !where) return { ok: false, reason: 'gone' };
    const imap = new ImapFlow({
      host: settings.imap.host,
      port: settings.imap.port,
      secure: settings.imap.secure,
      auth: { user: settings.username, pass: store().credentials(mailboxId).password },
      logger: false,
      socketTimeout: deps.socketTimeoutMs ?? 60_000,
    });
    imap.on('error', () => undefined); // the failing command rejects with the same error
    try {
      await imap.connect();
      const lock = await imap.getMailboxLock(where.path);
      try {
        const result = await imap.download(String(where.uid), part, { uid: true });
        if (!result.content) return { ok: false, reason: 'gone' };
        return { ok: true, value: await deps.blobs.put(result.content) };
      } finally {
        lock.release();
      }
    } catch (err) {
      return { ok: false, reason: 'unavailable', message: err instanceof Error ? err.message : String(err) };
    } finally {
      await imap.logout().catch(() => imap.close());
    }
  }

  return {
    async attachment(mailboxId, key, id) {
      const find = () =>
        store()
          .messageByKey(mailboxId, key)
          ?.body?.attachments.find(
            (a) => a.sha256 === id || (a.partId !== null && id === `part-${a.partId}`),
          );
      const attachment = find();
      if (!attachment) return { ok: false, reason: 'not-found' };
      if (attachment.sha256 && (await deps.blobs.has(attachment.sha256)))
        return { ok: true, value: attachment };
      if (attachment.partId === null) return { ok: false, reason: 'gone' };
      const partId = attachment.partId;
      return once(`${mailboxId}/${key}/${partId}`, async () => {
        const fetched = await download(mailboxId, key, partId);
        if (!fetched.ok) return fetched;
        store().attachmentFetched(mailboxId, key, partId, fetched.value);
        return { ok: true, value: find() ?? { ...attachment, ...fetched.value } };
      });
    },
    async raw(mailboxId, key) {
      const body = store().messageByKey(mailboxId, key)?.body;
      if (!body?.rawSha256) return { ok: false, reason: 'not-found' };
      if (!body.partial) return { ok: true, value: body.rawSha256 };
      return once(`${mailboxId}/${key}/raw`, async () => {
        const fetched = await download(mailboxId, key, undefined);
        if (!fetched.ok) return fetched;
        store().rawFetched(mailboxId, key, fetched.value.sha256);
        return { ok: true, value: fetched.value.sha256 };
      });
    },
  };
}
