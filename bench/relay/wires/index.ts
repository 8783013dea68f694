import type { TargetName } from '../messages.ts';
import { hocuspocusWire } from './hocuspocus-wire.ts';
import { wharfWire } from './wharf-wire.ts';
import type { Wire } from './wire.ts';
import { yWebsocketWire } from './y-websocket-wire.ts';

export function wireFor(target: TargetName): Wire {
  switch (target) {
    case 'y-websocket':
      return yWebsocketWire;
    case 'hocuspocus':
      return hocuspocusWire;
    case 'wharf':
      return wharfWire;
  }
}
