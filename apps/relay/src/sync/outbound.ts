// One connection's outgoing side: sends with a bounded buffer. A connection whose unsent bytes pass
// the limit is closed as a slow consumer (it reconnects and catches up) instead of growing memory.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { CloseCode } from '@wharf/sync';
import { CLOSE } from '@wharf/sync';
import type { SyncLimits, Timers } from './limits.ts';

export interface Outbound {
  send(bytes: Uint8Array): void;
  close(code: CloseCode): void;
  /** Resolves once unsent bytes are below the pause threshold (requests wait on it). */
  drained(): Promise<void>;
  readonly closing: boolean;
}

export interface OutboundDeps {
  ws: WebSocket;
  socket: Duplex;
  limits: SyncLimits;
  timers: Timers;
  onSlowConsumer: () => void;
}

export function createOutbound({ ws, socket, limits, timers, onSlowConsumer }: OutboundDeps): Outbound {
  let closing = false;
  let corked = false;
  let cutTimer: unknown;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  ws.once('close', () => {
    closing = true;
    if (cutTimer !== undefined) timers.clearTimeout(cutTimer);
  });

  const close = (code: CloseCode) => {
    if (closing) return;
    closing = true;
    ws.close(code.code, code.name);
    // The close frame queues behind unsent data; a client that never reads would keep the socket.
    cutTimer = timers.setTimeout(() => ws.terminate(), limits.closeGraceMs);
  };

  return {
    get closing() {
      return closing;
    },
    send(bytes) {
      if (closing || ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > limits.maxBufferedBytes) {
        onSlowConsumer();
        close(CLOSE.SLOW_CONSUMER);
        return;
      }
      // Everything sent to this socket in one event-loop task leaves in one write (one syscall).
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      ws.send(bytes);
    },
    close,
    drained() {
      if (closing || ws.bufferedAmount <= limits.pauseReadingAboveBytes) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          socket.off('drain', done);
          ws.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        ws.on('close', done);
      });
    },
  };
}
