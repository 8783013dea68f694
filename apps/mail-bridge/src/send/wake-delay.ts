// Pure: how long the sender's timer waits for a scheduled entry (model SPEC [SC1]).

/** The longest a due-time timer waits before the sender looks at the clock again. */
export const MAX_WAIT_MS = 60 * 60 * 1000;

/**
 * Capped: node's timers fire at once beyond ~24.8 days (2^31 ms), which made a far-future send
 * time a busy loop; and a long wait should look at the clock again anyway (suspend, clock changes).
 */
export function wakeDelay(sendAt: number, now: number): number {
  return Math.min(MAX_WAIT_MS, Math.max(0, sendAt - now));
}
