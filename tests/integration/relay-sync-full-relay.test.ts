// The sync client and a stock y-websocket provider against the relay as it ships (createRelay:
// real sessions from invite links, real service tokens, the sqlite store on a temp dir).
import { describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createSyncClient } from '@wharf/sync';
import { startRelay } from '../helpers/relay.ts';
import { nextEvent, untilSaved, untilText, waitUntil } from '../helpers/relay-waits.ts';

const THREAD = 'thread/sales/t1';

describe('sync through createRelay', () => {
  it('a member and the mail bridge (service token) sync a thread; a stock provider joins by session', async () => {
    await using relay = await startRelay();
    const member = await relay.member({ mailboxes: ['sales'] });
    const bridgeToken = await relay.serviceToken();

    const bridge = createSyncClient({ url: `${relay.wsUrl}/sync`, token: bridgeToken });
    const rep = createSyncClient({ url: `${relay.wsUrl}/sync`, token: member.session });
    try {
      const bridgeDoc = new Y.Doc();
      const repDoc = new Y.Doc();
      bridge.attach(THREAD, bridgeDoc);
      rep.attach(THREAD, repDoc);
      bridgeDoc.getText('body').insert(0, 'RFQ: 2,000 pcs of 304 steel flanges');
      await untilSaved(bridge);
      await untilText(repDoc, 'body', 'RFQ: 2,000 pcs of 304 steel flanges');

      const stockDoc = new Y.Doc();
      const provider = new WebsocketProvider(`${relay.wsUrl}/y`, THREAD, stockDoc, {
        params: { token: member.session },
        disableBc: true,
      });
      try {
        await waitUntil(
          'provider synced',
          () => provider.synced,
          (wake) => {
            provider.on('sync', wake);
            return () => provider.off('sync', wake);
          },
        );
        expect(stockDoc.getText('body').toJSON()).toBe('RFQ: 2,000 pcs of 304 steel flanges');
        repDoc.getText('body').insert(0, '[assigned] ');
        await untilSaved(rep);
        await untilText(stockDoc, 'body', '[assigned] RFQ: 2,000 pcs of 304 steel flanges');
      } finally {
        provider.destroy();
      }
    } finally {
      bridge.destroy();
      rep.destroy();
    }
  });

  it('a member cannot subscribe to a mailbox they are not granted', async () => {
    await using relay = await startRelay();
    const member = await relay.member({ mailboxes: ['info'] });
    const client = createSyncClient({ url: `${relay.wsUrl}/sync`, token: member.session });
    try {
      const denied = nextEvent(client, 'denied');
      client.attach(THREAD, new Y.Doc());
      expect(await denied).toEqual([THREAD, 'forbidden', expect.any(String)]);
    } finally {
      client.destroy();
    }
  });
});
