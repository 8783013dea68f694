// Pure core: which folders of a mailbox to sync. Normally INBOX, the Sent folder (found by its
// special-use flag, whatever its localised name: 已发送, Gesendete Objekte, ...) and the folders the
// admin picked. Gmail (X-GM-EXT-1) keeps every message once in All Mail, with INBOX/Sent as labels:
// syncing All Mail alone sees each message once, with its labels and Gmail thread id.
export interface ListedFolder {
  path: string;
  specialUse?: string | undefined;
  flags?: Set<string> | undefined;
}

export interface ChosenFolder {
  path: string;
  role: 'inbox' | 'sent' | 'all' | 'extra';
}

export function chooseFolders(
  listed: readonly ListedFolder[],
  capabilities: { has(name: string): boolean },
  extraFolders: readonly string[],
): ChosenFolder[] {
  const all = listed.find((f) => f.specialUse === '\\All');
  if (capabilities.has('X-GM-EXT-1') && all) return [{ path: all.path, role: 'all' }];
  const chosen: ChosenFolder[] = [{ path: 'INBOX', role: 'inbox' }];
  const sent = listed.find((f) => f.specialUse === '\\Sent');
  if (sent) chosen.push({ path: sent.path, role: 'sent' });
  for (const path of extraFolders)
    if (
      listed.some((f) => f.path === path && !f.flags?.has('\\Noselect')) &&
      !chosen.some((f) => f.path === path)
    )
      chosen.push({ path, role: 'extra' });
  return chosen;
}
