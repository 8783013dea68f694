import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/messages.ts';
import { attachmentSize, formatBytes, serverNote, storedParts } from './message-state.ts';

const inbox = { folders: [], seen: false, answered: false, flagged: false, deleted: false };

describe('attachment sizes', () => {
  it('a part left on the server is an estimate until the body answer holds its downloaded bytes', () => {
    const attachment = { id: 'part-2', size: 1_258_291 };
    expect(attachmentSize(attachment, undefined)).toEqual({ bytes: 1_258_291, approximate: true });
    const notYet = storedParts([{ partId: '2', sha256: '', size: 1_258_291, filename: 'spec.zip' }]);
    expect(attachmentSize(attachment, notYet)).toEqual({ bytes: 1_258_291, approximate: true });
    const downloaded = storedParts([{ partId: '2', sha256: 'ab12', size: 1_258_000 }]);
    expect(attachmentSize(attachment, downloaded)).toEqual({ bytes: 1_258_000, approximate: false });
    expect(attachmentSize({ id: 'ab12', size: 300 }, undefined)).toEqual({ bytes: 300, approximate: false });
  });

  it('reads as ≈ / 约 with KB below a megabyte and one decimal of MB above', () => {
    expect(formatBytes(300)).toBe('1 KB');
    expect(formatBytes(35_000)).toBe('35 KB');
    expect(formatBytes(1_258_291)).toBe('1.2 MB');
    expect(translate('en', 'messageState.approxSize', { size: '1.2 MB' })).toBe('≈ 1.2 MB');
    expect(translate('zh-CN', 'messageState.approxSize', { size: '1.2 MB' })).toBe('约 1.2 MB');
  });

  it('ignores malformed entries of the body answer', () => {
    expect(storedParts(undefined)).toEqual([]);
    expect(storedParts([null, { sha256: 'x' }, { partId: 3, sha256: 'y', size: 1 }])).toEqual([
      { partId: null, sha256: 'y', size: 1 },
    ]);
  });
});

describe('server notes', () => {
  it('[SV3][SV5] removed, deleted elsewhere (Trash) and junk read differently, in both languages', () => {
    expect(serverNote({ ...inbox, folders: ['INBOX'] })).toBeUndefined();
    expect(serverNote({ ...inbox, removedFrom: ['INBOX'] })).toEqual({ kind: 'removed', folders: 'INBOX' });
    const trash = serverNote({
      ...inbox,
      removedFrom: ['INBOX'],
      movedTo: { kind: 'trash', folder: 'Deleted Items' },
    });
    expect(trash).toEqual({ kind: 'trash', folder: 'Deleted Items', folders: 'INBOX' });
    const args = { folder: 'Deleted Items', folders: 'INBOX' };
    expect(translate('en', 'messageState.trash', args)).toBe(
      'Deleted in another mail client: moved from INBOX to Deleted Items',
    );
    expect(translate('zh-CN', 'messageState.trash', args)).toBe(
      '已在其他邮件客户端中删除：从 INBOX 移至 Deleted Items',
    );
    expect(
      serverNote({ ...inbox, removedFrom: ['INBOX'], movedTo: { kind: 'junk', folder: 'Junk' } })?.kind,
    ).toBe('junk');
  });
});
