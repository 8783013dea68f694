// Pure core: Gmail labels (X-GM-LABELS) → thread tags. System labels (\Inbox, \Sent, \Important,
// \Starred, ...) say where a message is, not what it is about: they are not tags. A user label is
// a tag as the team sees it in Gmail (nested "Customers/ACME" stays one tag); the model trims and
// lower-cases it (SPEC [TG1]). Labels arrive in the flag list as `label:<name>` (imap/mailbox-sync).
const LABEL = 'label:';

export function gmailLabels(flags: readonly string[]): string[] {
  return flags.filter((f) => f.startsWith(LABEL)).map((f) => f.slice(LABEL.length));
}

export function tagsFromLabels(labels: readonly string[]): string[] {
  const tags = new Set<string>();
  for (const label of labels) {
    const name = label.trim();
    if (name === '' || name.startsWith('\\')) continue;
    tags.add(name.toLowerCase());
  }
  return [...tags].sort();
}
