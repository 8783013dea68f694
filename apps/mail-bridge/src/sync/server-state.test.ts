import { describe, expect, it } from 'vitest';
import { serverStateOf } from './server-state.ts';

describe('serverStateOf', () => {
  it('[SV1] flags count when set in any folder; folders are sorted and unique', () => {
    expect(
      serverStateOf(undefined, [
        { path: 'Sent', flags: ['\\Seen'] },
        { path: 'INBOX', flags: ['\\Answered', '\\Flagged', 'label:Important'] },
      ]),
    ).toEqual({ folders: ['INBOX', 'Sent'], seen: true, answered: true, flagged: true, deleted: false });
  });

  it('[SV1] deleted only while every copy carries \\Deleted', () => {
    const one = { path: 'INBOX', flags: ['\\Deleted'] };
    expect(serverStateOf(undefined, [one]).deleted).toBe(true);
    expect(serverStateOf(undefined, [one, { path: 'Archive', flags: [] }]).deleted).toBe(false);
  });

  it('[SV3] gone from every folder: the last flags stay, removedFrom says where it was', () => {
    const before = serverStateOf(undefined, [{ path: 'INBOX', flags: ['\\Seen', '\\Deleted'] }]);
    const after = serverStateOf(before, []);
    expect(after).toEqual({
      folders: [],
      seen: true,
      answered: false,
      flagged: false,
      deleted: false,
      removedFrom: ['INBOX'],
    });
    expect(serverStateOf(after, [])).toEqual(after);
  });

  it('[SV5] found in Trash or Junk: movedTo rides with removedFrom; back in a folder drops both', () => {
    const inbox = serverStateOf(undefined, [{ path: 'INBOX', flags: ['\\Seen'] }]);
    const trashed = serverStateOf(inbox, [], { kind: 'trash', folder: 'Deleted Items' });
    expect(trashed).toMatchObject({
      folders: [],
      seen: true,
      removedFrom: ['INBOX'],
      movedTo: { kind: 'trash', folder: 'Deleted Items' },
    });
    expect(serverStateOf(trashed, [])).toEqual(trashed);
    expect(serverStateOf(trashed, [{ path: 'INBOX', flags: [] }])).not.toHaveProperty('movedTo');
  });

  it('[SV4] back in a folder (the copy half of a move): removedFrom is gone', () => {
    const removed = serverStateOf(serverStateOf(undefined, [{ path: 'INBOX', flags: [] }]), []);
    expect(serverStateOf(removed, [{ path: 'Archive', flags: [] }])).toEqual({
      folders: ['Archive'],
      seen: false,
      answered: false,
      flagged: false,
      deleted: false,
    });
  });
});
