import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { messageId } from '../ids.ts';
import { summarizeThread } from '../index-doc/summary.ts';
import { threadView } from '../projections/thread-view.ts';
import { createNetwork, manualClock, messageRef, threadStart, userContext } from '../testing/index.ts';
import { threadMaps } from './maps.ts';
import { addMessages, setServerStates } from './messages.ts';
import { markThreadRead } from './triage.ts';
import type { MessageServerState } from './types.ts';

const clock = manualClock();
const bridge = userContext('bridge', clock);
const inbox = (over: Partial<MessageServerState> = {}): MessageServerState => ({
  folders: ['INBOX'],
  seen: false,
  answered: false,
  flagged: false,
  deleted: false,
  ...over,
});
const m1 = messageId('m1');
const actions = (doc: Y.Doc) =>
  threadMaps(doc)
    .activity.toArray()
    .map((e) => e.action.type);

function thread(...refs: Parameters<typeof messageRef>[]): Y.Doc {
  const doc = new Y.Doc();
  addMessages(
    doc,
    threadStart(),
    refs.map((args) => messageRef(...args)),
    bridge,
  );
  return doc;
}

describe('server state of messages', () => {
  it('[SV1] the bridge writes the whole state; an unchanged state writes nothing and logs nothing', () => {
    const doc = thread(['m1', { server: inbox() }]);
    const before = Y.encodeStateVector(doc);
    expect(setServerStates(doc, [{ id: m1, server: inbox() }], bridge)).toEqual([]);
    expect(Y.encodeStateVector(doc)).toEqual(before);

    expect(setServerStates(doc, [{ id: m1, server: inbox({ seen: true, flagged: true }) }], bridge)).toEqual([
      m1,
    ]);
    const ref = threadView(doc, clock.now())!.messages[0]!;
    expect(ref.server).toEqual(inbox({ seen: true, flagged: true }));
    expect(ref.snippet).toBe('message m1');
    expect(actions(doc)).toEqual(['message-added']);
  });

  it('[SV1] a state for a message the thread does not hold is ignored', () => {
    const doc = thread(['m1']);
    expect(setServerStates(doc, [{ id: messageId('other'), server: inbox() }], bridge)).toEqual([]);
    expect(threadMaps(doc).messages.size).toBe(1);
  });

  it('[SV2] seen on the server counts as read; answered on the server needs no reply', () => {
    const doc = thread(
      ['m1', { server: inbox() }],
      ['m2', { date: Date.UTC(2026, 10, 23, 9), server: inbox() }],
    );
    expect(summarizeThread(doc)).toMatchObject({ unread: true, needsReply: true });
    setServerStates(doc, [{ id: m1, server: inbox({ seen: true }) }], bridge);
    expect(summarizeThread(doc)?.unread).toBe(true); // m2 is still unseen everywhere
    setServerStates(doc, [{ id: messageId('m2'), server: inbox({ seen: true, answered: true }) }], bridge);
    expect(summarizeThread(doc)).toMatchObject({ unread: false, needsReply: false });
  });

  it('[SV2] a read mark in Wharf still counts without server flags (refs written before them)', () => {
    const doc = thread(['m1']);
    expect(summarizeThread(doc)?.unread).toBe(true);
    markThreadRead(doc, userContext('ann', clock));
    expect(summarizeThread(doc)?.unread).toBe(false);
  });

  it('[SV3] an expunged message keeps its reference, says where it was, and the removal is logged once', () => {
    const doc = thread(['m1', { server: inbox({ seen: true }) }]);
    const removed = inbox({ folders: [], seen: true, removedFrom: ['INBOX'] });
    setServerStates(doc, [{ id: m1, server: removed }], bridge);
    setServerStates(doc, [{ id: m1, server: { ...removed, flagged: true } }], bridge);
    expect(threadView(doc, clock.now())!.messages.map((m) => m.server)).toEqual([
      { ...removed, flagged: true },
    ]);
    expect(summarizeThread(doc)?.messageCount).toBe(1);
    expect(
      threadMaps(doc)
        .activity.toArray()
        .map((e) => e.action),
    ).toContainEqual({
      type: 'removed-from-server',
      messageId: m1,
      folders: ['INBOX'],
    });
    expect(actions(doc).filter((a) => a === 'removed-from-server')).toHaveLength(1);
  });

  it('[SV5] a message found in Trash or Junk says where it went, logged once instead of a plain removal', () => {
    const doc = thread(['m1', { server: inbox() }], ['m2', { server: inbox() }]);
    const m2 = messageId('m2');
    const toTrash = inbox({
      folders: [],
      removedFrom: ['INBOX'],
      movedTo: { kind: 'trash', folder: 'Deleted Items' },
    });
    const toJunk = inbox({ folders: [], removedFrom: ['INBOX'], movedTo: { kind: 'junk', folder: 'Junk' } });
    setServerStates(doc, [{ id: m1, server: toTrash }], bridge);
    setServerStates(doc, [{ id: m1, server: { ...toTrash, seen: true } }], bridge);
    setServerStates(doc, [{ id: m2, server: toJunk }], bridge);
    expect(threadView(doc, clock.now())!.messages.map((m) => m.server?.movedTo)).toEqual([
      { kind: 'trash', folder: 'Deleted Items' },
      { kind: 'junk', folder: 'Junk' },
    ]);
    const logged = threadMaps(doc)
      .activity.toArray()
      .map((e) => e.action)
      .filter((a) => a.type !== 'message-added');
    expect(logged).toEqual([
      {
        type: 'moved-on-server',
        messageId: m1,
        folders: ['INBOX'],
        to: { kind: 'trash', folder: 'Deleted Items' },
      },
      { type: 'moved-on-server', messageId: m2, folders: ['INBOX'], to: { kind: 'junk', folder: 'Junk' } },
    ]);
  });

  it('[SV4] a move changes the folders of the one reference; a re-ingest after it adds nothing', () => {
    const doc = thread(['m1', { server: inbox() }]);
    setServerStates(doc, [{ id: m1, server: inbox({ folders: [], removedFrom: ['INBOX'] }) }], bridge);
    setServerStates(doc, [{ id: m1, server: inbox({ folders: ['Archive'] }) }], bridge);
    addMessages(doc, threadStart(), [messageRef('m1', { server: inbox({ folders: ['Archive'] }) })], bridge);
    const messages = threadView(doc, clock.now())!.messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]!.server).toEqual(inbox({ folders: ['Archive'] }));
  });

  it('[SV1] peers converge on the bridge state while users triage concurrently', () => {
    const net = createNetwork();
    const [b, u] = [net.peer('bridge'), net.peer('user')];
    addMessages(b.doc('t'), threadStart(), [messageRef('m1', { server: inbox() })], bridge);
    net.flush();
    setServerStates(b.doc('t'), [{ id: m1, server: inbox({ answered: true }) }], bridge);
    markThreadRead(u.doc('t'), userContext('ann', clock));
    net.flush();
    for (const peer of [b, u])
      expect(summarizeThread(peer.doc('t'))).toMatchObject({ unread: false, needsReply: false });
  });
});
