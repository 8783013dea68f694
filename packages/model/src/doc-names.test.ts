import { describe, expect, it } from 'vitest';
import { docName, parseDocName } from './doc-names.ts';
import { docAccess, type Principal } from './access.ts';
import { customerId, mailboxId, threadId, userId } from './ids.ts';

describe('doc names', () => {
  it('round-trip every kind', () => {
    const refs = [
      { kind: 'workspace' },
      { kind: 'index', mailboxId: mailboxId('sales'), bucket: 'hot' },
      { kind: 'index', mailboxId: mailboxId('sales'), bucket: '2026-11' },
      { kind: 'thread', mailboxId: mailboxId('sales'), threadId: threadId('t1') },
      { kind: 'customer', customerId: customerId('c1') },
      { kind: 'customers' },
      { kind: 'user', userId: userId('u1') },
    ] as const;
    for (const ref of refs) expect(parseDocName(docName(ref))).toEqual(ref);
  });

  it('reject anything else', () => {
    for (const bad of ['', 'thread/a', 'thread/a/b/c', 'index/a/20261', 'x/y', 'user/../a', 'user/a b'])
      expect(parseDocName(bad)).toBeUndefined();
  });
});

describe('doc access', () => {
  const member: Principal = {
    kind: 'user',
    userId: userId('m'),
    role: 'member',
    mailboxes: new Set([mailboxId('sales')]),
  };
  it('members read but do not write the workspace', () => {
    expect(docAccess(member, { kind: 'workspace' })).toBe('read');
  });
  it('mailbox docs need a grant', () => {
    const thread = (m: string) =>
      ({ kind: 'thread', mailboxId: mailboxId(m), threadId: threadId('t') }) as const;
    expect(docAccess(member, thread('sales'))).toBe('write');
    expect(docAccess(member, thread('info'))).toBe('none');
    expect(docAccess({ ...member, role: 'admin' }, thread('info'))).toBe('write');
  });
  it('[SL4] the mail bridge writes every doc but may only append to user docs', () => {
    const bridge: Principal = { kind: 'service', name: 'mail-bridge' };
    expect(docAccess(bridge, { kind: 'user', userId: userId('m') })).toBe('append');
    expect(docAccess(bridge, { kind: 'workspace' })).toBe('write');
    expect(docAccess(bridge, { kind: 'customers' })).toBe('write');
    expect(docAccess(member, { kind: 'customers' })).toBe('write');
  });
  it("another user's doc is append-only", () => {
    expect(docAccess(member, { kind: 'user', userId: userId('m') })).toBe('write');
    expect(docAccess(member, { kind: 'user', userId: userId('x') })).toBe('append');
  });
});
