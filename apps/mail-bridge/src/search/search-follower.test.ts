import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { indexRows, type ThreadSummary } from '@wharf/model';
import type { ThreadFields } from '@wharf/search';
import type { DocRegistry } from '../docs/doc-registry.ts';
import type { MailboxSettings } from '../store/bridge-store.ts';
import { createSearchFollower } from './search-follower.ts';

/** Timers run by hand: `run()` fires what is due in order. */
function manualTimers() {
  const due: { fn: () => void; ms: number }[] = [];
  return {
    setTimeout: (fn: () => void, ms: number) => {
      const handle = { fn, ms };
      due.push(handle);
      return handle;
    },
    clearTimeout: (handle: unknown) => {
      const at = due.indexOf(handle as (typeof due)[number]);
      if (at >= 0) due.splice(at, 1);
    },
    run() {
      for (const { fn } of due.splice(0)) fn();
    },
    pending: () => due.map((d) => d.ms),
  };
}

const row = (threadId: string, over: Partial<ThreadSummary> = {}) =>
  ({
    threadId,
    mailboxId: 'sales',
    subject: 'Quote',
    status: 'open',
    assignee: null,
    customerId: null,
    tags: [],
    discussion: 0,
    ...over,
  }) as unknown as ThreadSummary;

describe('search follower', () => {
  it('writes the fields of a burst of row changes at once, and keeps them when the store refuses', () => {
    const docs = new Map<string, Y.Doc>();
    const registry = {
      client: {},
      acquire: (name: string) => {
        let doc = docs.get(name);
        if (!doc) docs.set(name, (doc = new Y.Doc()));
        return doc;
      },
      release: () => {},
    } as unknown as DocRegistry;
    const writes: ThreadFields[][] = [];
    const errors: unknown[] = [];
    let refuse = true;
    const stored = new Map<string, ThreadFields>();
    const timers = manualTimers();
    const follower = createSearchFollower({
      store: {
        listMailboxes: () => [{ id: 'sales', paused: false } as MailboxSettings],
        searchThread: (mailbox, thread) => stored.get(`${mailbox}/${thread}`),
        searchThreadsSeenIn: () => [],
        setSearchThreads: (list) => {
          if (refuse) throw new Error('database is locked');
          writes.push([...list]);
          for (const f of list) stored.set(`${f.mailbox}/${f.thread}`, f);
        },
      },
      docs: registry,
      clock: { now: () => Date.UTC(2026, 10, 23) },
      timers,
      onError: (error) => errors.push(error),
    });
    follower.start();
    const rows = indexRows(registry.acquire('index/sales/hot'));
    rows.set('t1', row('t1'));
    rows.set('t2', row('t2', { customerId: 'd-buyer.example' as never }));

    // one batch for the burst; refused: reported, nothing lost, tried again a second later
    timers.run();
    expect(errors).toHaveLength(1);
    expect(timers.pending()).toEqual([1000]);
    refuse = false;
    timers.run();
    expect(writes.map((batch) => batch.map((f) => f.thread))).toEqual([['t1', 't2']]);
    expect(stored.get('sales/t2')?.customer).toBe('d-buyer.example');
  });
});
