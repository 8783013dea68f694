// Waiting on state that has no event to subscribe to (a bridge store row, a doc read through a
// projection): poll the predicate every 20 ms until it holds, fail with `what` after the deadline.
export function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out: ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

/** A plain-text RFC 5322 message to sales@wharf.test; `headers` override or add. */
export const plainMail = (headers: Record<string, string>, body: string): Buffer =>
  Buffer.from(
    Object.entries({ To: 'sales@wharf.test', 'Content-Type': 'text/plain; charset=utf-8', ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') + `\r\n${body}\r\n`,
  );

/** One plain mail per subject from the same buyer, an hour apart from `firstHour` (UTC, single digit). */
export const mailPerSubject = (subjects: readonly string[], idPrefix: string, firstHour: number) =>
  subjects.map((subject, n) => ({
    raw: plainMail(
      {
        'Message-ID': `<${idPrefix}-${n}@buyer.example>`,
        From: 'Buyer <buyer@buyer.example>',
        Subject: subject,
        Date: `Mon, 23 Nov 2026 0${n + firstHour}:00:00 +0000`,
      },
      `Message ${n}.`,
    ),
  }));
