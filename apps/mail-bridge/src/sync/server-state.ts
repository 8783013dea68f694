// Pure core: a message's state on the IMAP server from where it sits now (folder → flags), and
// what it was before. Flags count when set in any folder holding the message; once it sits in no
// synced folder, the last flags stay and `removedFrom` names where it was (SPEC [SV1], [SV3]), with
// `movedTo` when it was found in Trash or Junk (SPEC [SV5]).
import type { MessageServerState, ServerMove } from '@wharf/model';

export function serverStateOf(
  previous: MessageServerState | undefined,
  locations: readonly { path: string; flags: readonly string[] }[],
  movedTo?: ServerMove,
): MessageServerState {
  if (locations.length === 0) {
    const last = previous ?? { folders: [], seen: false, answered: false, flagged: false, deleted: false };
    const removedFrom = last.removedFrom ?? last.folders;
    return { ...last, folders: [], deleted: false, removedFrom, ...(movedTo ? { movedTo } : {}) };
  }
  const has = (flag: string) => locations.some((l) => l.flags.includes(flag));
  return {
    folders: [...new Set(locations.map((l) => l.path))].sort(),
    seen: has('\\Seen'),
    answered: has('\\Answered'),
    flagged: has('\\Flagged'),
    deleted: locations.every((l) => l.flags.includes('\\Deleted')),
  };
}

export function sameServerState(a: MessageServerState | undefined, b: MessageServerState): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
