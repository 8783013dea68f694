// Small builders for tests in every package: a settable clock, deterministic ids, message refs.
import { userActor } from '../deps.ts';
import type { ModelDeps } from '../deps.ts';
import { mailboxId, messageId, threadId, userId } from '../ids.ts';
import type { IndexDocs } from '../index-doc/repair.ts';
import type { ThreadOpContext } from '../thread/write.ts';
import type { MessageRef } from '../thread/types.ts';
import type { ThreadStart } from '../thread/messages.ts';

export interface ManualClock {
  now(): number;
  set(time: number): void;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 10, 23, 9, 0)): ManualClock {
  let time = start;
  return {
    now: () => time,
    set: (value) => {
      time = value;
    },
    advance: (ms) => {
      time += ms;
    },
  };
}

/** Deps whose ids are `<prefix>-1`, `<prefix>-2`, ... and whose time is the given clock's. */
export function testDeps(prefix: string, clock: { now(): number } = manualClock()): ModelDeps {
  let n = 0;
  return { now: () => clock.now(), newId: () => `${prefix}-${(n += 1)}` };
}

export function threadStart(id = 't1', mailbox = 'sales', subject = 'Quote for 2,000 pcs'): ThreadStart {
  return { threadId: threadId(id), mailboxId: mailboxId(mailbox), subject };
}

export function messageRef(id: string, overrides: Partial<MessageRef> = {}): MessageRef {
  return {
    id: messageId(id),
    messageIdHeader: `<${id}@buyer.example>`,
    from: { name: 'Buyer', address: 'buyer@buyer.example' },
    to: [{ address: 'sales@wharf.example' }],
    cc: [],
    date: Date.UTC(2026, 10, 23, 8, 0),
    subject: 'Quote for 2,000 pcs',
    snippet: `message ${id}`,
    direction: 'in',
    hasAttachments: false,
    attachments: [],
    ...overrides,
  };
}

/** A user's operation context with deterministic ids, optionally keeping index rows true. */
export function userContext(
  user: string,
  clock: { now(): number } = manualClock(),
  index?: IndexDocs,
): ThreadOpContext {
  return { deps: testDeps(user, clock), actor: userActor(userId(user)), ...(index ? { index } : {}) };
}
