import { describe, expect, it } from 'vitest';
import { createValueResolver } from './resolve-value.ts';

const resolve = createValueResolver({
  members: () => [
    { id: 'u-1' as never, name: 'Bo Wang', email: 'bo@acme.example' },
    { id: 'u-2' as never, name: '王小明', email: 'xm@acme.example' },
  ],
  mailboxes: () => [{ id: 'sales', address: 'sales@wharf.test', displayName: 'Sales Team' }],
  customers: () => [
    { id: 'd-huber.de' as never, name: 'Huber Armaturen', company: 'Huber Armaturen GmbH', mergedInto: null },
    { id: 'a-li@gmail.com' as never, name: '李娜', company: '', mergedInto: null },
    { id: 'd-old.de' as never, name: 'Huber Alt', company: '', mergedInto: 'd-huber.de' as never },
  ],
});

describe('typed filter values → stored ids', () => {
  it('finds members by name, a word of it, its start, their address or its local part', () => {
    for (const typed of ['Bo Wang', 'wang', 'bo', 'BO@acme.example'])
      expect(resolve('assignee', typed)).toContain('u-1');
    expect(resolve('assignee', '王小明')).toContain('u-2');
    expect(resolve('assignee', 'xm')).toEqual(['xm', 'u-2']);
    expect(resolve('assignee', 'nobody')).toEqual(['nobody']);
  });

  it('finds mailboxes by address, local part or name, and customers by domain or address', () => {
    expect(resolve('mailbox', 'sales@wharf.test')).toContain('sales');
    expect(resolve('mailbox', 'sales team')).toContain('sales');
    expect(resolve('customer', 'mail.buyer.example')).toContain('d-buyer.example');
    expect(resolve('customer', 'li@buyer.example')).toEqual(
      expect.arrayContaining(['d-buyer.example', 'a-li@buyer.example']),
    );
    expect(resolve('tag', 'VIP')).toEqual(['VIP']);
  });

  it('finds customers by the name or company the team gave them, merged ones left out', () => {
    expect(resolve('customer', 'Huber')).toEqual(['Huber', 'd-huber.de']);
    expect(resolve('customer', 'Huber Armaturen GmbH')).toContain('d-huber.de');
    expect(resolve('customer', '李娜')).toContain('a-li@gmail.com');
    expect(resolve('customer', 'alt')).toEqual(['alt']);
  });
});
