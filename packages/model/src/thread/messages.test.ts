import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { threadView } from '../projections/thread-view.ts';
import { createNetwork, manualClock, messageRef, threadStart, userContext } from '../testing/index.ts';
import { threadMaps } from './maps.ts';
import { addMessages } from './messages.ts';

const clock = manualClock();

describe('messages', () => {
  it('[MS1] the same message twice is one row; re-ingesting adds nothing and logs nothing', () => {
    const doc = new Y.Doc();
    const bridge = userContext('bridge', clock);
    expect(addMessages(doc, threadStart(), [messageRef('m1'), messageRef('m1')], bridge).added).toEqual([
      'm1',
    ]);
    const before = Y.encodeStateVector(doc);
    expect(addMessages(doc, threadStart(), [messageRef('m1')], bridge).added).toEqual([]);
    expect(threadMaps(doc).messages.size).toBe(1);
    expect(threadMaps(doc).activity.length).toBe(1);
    expect(threadView(doc, clock.now())?.meta).toMatchObject({ threadId: 't1', mailboxId: 'sales' });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('[MS1] two peers ingesting the same message concurrently end with one row', () => {
    const net = createNetwork();
    const [a, b] = [net.peer('a'), net.peer('b')];
    addMessages(a.doc('t'), threadStart(), [messageRef('m1')], userContext('bridge', clock));
    addMessages(
      b.doc('t'),
      threadStart(),
      [messageRef('m1'), messageRef('m2')],
      userContext('bridge', clock),
    );
    net.flush();
    for (const peer of [a, b])
      expect(threadView(peer.doc('t'), clock.now())?.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('[MS2] a message reference carries metadata, never a body', () => {
    const ref = messageRef('m1', {
      hasAttachments: true,
      attachments: [
        { id: 'a1', filename: '报价单.xlsx', contentType: 'application/vnd.ms-excel', size: 12_000 },
      ],
      parseError: 'bad charset in header',
    });
    const doc = new Y.Doc();
    addMessages(doc, threadStart(), [ref], userContext('bridge', clock));
    const stored = threadView(doc, clock.now())?.messages[0];
    expect(stored).toEqual(ref);
    expect(Object.keys(stored ?? {})).not.toContain('body');
  });
});
