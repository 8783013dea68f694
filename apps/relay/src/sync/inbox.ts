// One connection's incoming side: binary messages are handled one at a time, in order, and the
// next request waits while the connection's unsent bytes are above the pause threshold. While
// messages queue up the socket is paused, so a fast sender is held back by TCP, not by memory.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Outbound } from './outbound.ts';

const PAUSE_AT_QUEUED = 64;

export function startInbox(
  ws: WebSocket,
  socket: Duplex,
  outbound: Outbound,
  handle: (message: Uint8Array) => void | Promise<void>,
  /** A text frame, a malformed message or a failing handler: the session closes the connection. */
  onInvalid: (error: Error) => void,
): void {
  const queue: Uint8Array[] = [];
  let running = false;
  let paused = false;

  const run = async () => {
    running = true;
    while (queue.length > 0 && !outbound.closing) {
      await outbound.drained();
      const message = queue.shift()!;
      try {
        await handle(message);
      } catch (error) {
        onInvalid(error instanceof Error ? error : new Error(String(error)));
      }
      if (paused && queue.length < PAUSE_AT_QUEUED / 2) {
        paused = false;
        socket.resume();
      }
    }
    running = false;
  };

  ws.on('message', (data: unknown) => {
    // ws 6 hands text frames over as strings; the protocols here are binary only.
    if (typeof data === 'string') return onInvalid(new Error('text frames are not part of the protocol'));
    queue.push(toBytes(data));
    if (queue.length >= PAUSE_AT_QUEUED && !paused) {
      paused = true;
      socket.pause();
    }
    if (!running) void run();
  });
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  throw new TypeError('unexpected websocket message payload');
}
