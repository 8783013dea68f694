import { describe, expect, it } from 'vitest';
import { chooseFolders } from './choose-folders.ts';

const caps = (...names: string[]) => new Set(names);

describe('chooseFolders', () => {
  const listed = [
    { path: 'INBOX', specialUse: '\\Inbox' },
    { path: '已发送', specialUse: '\\Sent' },
    { path: 'Archive/2025' },
    { path: 'Shared', flags: new Set(['\\Noselect']) },
  ];
  it('INBOX, the Sent folder by special-use whatever its name, and existing selected folders', () => {
    expect(chooseFolders(listed, caps('IMAP4rev1'), ['Archive/2025', 'Missing', 'Shared', 'INBOX'])).toEqual([
      { path: 'INBOX', role: 'inbox' },
      { path: '已发送', role: 'sent' },
      { path: 'Archive/2025', role: 'extra' },
    ]);
  });
  it('Gmail: All Mail only (labels and thread ids come with it)', () => {
    const gmail = [...listed, { path: '[Gmail]/All Mail', specialUse: '\\All' }];
    expect(chooseFolders(gmail, caps('X-GM-EXT-1'), ['Archive/2025'])).toEqual([
      { path: '[Gmail]/All Mail', role: 'all' },
    ]);
    expect(chooseFolders(gmail, caps(), [])).toHaveLength(2);
  });
});
