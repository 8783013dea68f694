// Where did messages go that left every synced folder? Outlook, Thunderbird and phones delete by
// moving to Trash ("Deleted Items"), so before a removal is recorded the bridge looks for the
// Message-IDs in the special-use \Trash and \Junk folders it does not sync (model SPEC [SV5]).
// Batched: per such folder one EXAMINE, one UID SEARCH (an OR of HEADER Message-ID) and one FETCH of
// the hits' envelopes, never a round trip per message. Call it outside any other mailbox lock and
// after every FETCH has finished: imapflow deadlocks on a command issued inside a fetch loop.
import type { ImapFlow } from 'imapflow';
import type { ServerMove } from '@wharf/model';

/** Message-IDs per SEARCH: keeps the command line short on servers with line limits. */
const SEARCH_CHUNK = 100;

export interface MovedAwayCandidate {
  key: string;
  messageId: string | undefined;
}

/** The candidates found in Trash or Junk, by key; Trash wins when a message is in both. */
export async function findMovedAway(
  imap: ImapFlow,
  syncedPaths: ReadonlySet<string>,
  candidates: readonly MovedAwayCandidate[],
): Promise<Map<string, ServerMove>> {
  const found = new Map<string, ServerMove>();
  const keysById = new Map<string, string[]>();
  for (const { key, messageId } of candidates)
    if (messageId) keysById.set(messageId, [...(keysById.get(messageId) ?? []), key]);
  if (keysById.size === 0) return found;
  const kindOf = (specialUse: string | undefined): ServerMove['kind'] | undefined =>
    specialUse === '\\Trash' ? 'trash' : specialUse === '\\Junk' ? 'junk' : undefined;
  const folders = (await imap.list())
    .flatMap((f) => {
      const kind = kindOf(f.specialUse);
      return kind && !syncedPaths.has(f.path) ? [{ path: f.path, kind }] : [];
    })
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'trash' ? -1 : 1));
  const left = new Set(keysById.keys());
  for (const folder of folders) {
    if (left.size === 0) break;
    let hits: string[];
    try {
      hits = await messageIdsIn(imap, folder.path, [...left]);
    } catch (err) {
      // a lost connection retries the whole pass (the removal is not stored yet); a folder the
      // server refuses to search leaves its messages plainly removed rather than blocking sync
      if (!imap.usable) throw err;
      continue;
    }
    for (const id of hits) {
      if (!left.delete(id)) continue;
      for (const key of keysById.get(id) ?? []) found.set(key, { kind: folder.kind, folder: folder.path });
    }
  }
  return found;
}

/** Which of `ids` the folder holds: ORed HEADER searches, then the hits' envelopes. */
async function messageIdsIn(imap: ImapFlow, path: string, ids: readonly string[]): Promise<string[]> {
  const lock = await imap.getMailboxLock(path, { readOnly: true });
  try {
    const uids: number[] = [];
    for (let i = 0; i < ids.length; i += SEARCH_CHUNK) {
      const or = ids.slice(i, i + SEARCH_CHUNK).map((id) => ({ header: { 'message-id': id } }));
      uids.push(...((await imap.search({ or }, { uid: true })) || []));
    }
    if (uids.length === 0) return [];
    // HEADER search matches substrings: the envelope confirms the exact id
    const hits: string[] = [];
    for await (const m of imap.fetch(uids.join(','), { uid: true, envelope: true }, { uid: true }))
      if (m.envelope?.messageId) hits.push(m.envelope.messageId);
    return hits;
  } finally {
    lock.release();
  }
}
