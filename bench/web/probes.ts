// Code that runs inside the pages. Times are `performance.timeOrigin + performance.now()`: the
// same high-resolution wall clock in every page of one browser, so two contexts can be compared.
import type { Page } from 'playwright-core';

interface PaintProbe {
  /** ms since navigation start when the first inbox row was in the DOM. */
  firstRow?: number;
  /** ms since navigation start when the row count showed every seeded row. */
  complete?: number;
  /** Where the first rows came from (`data-inbox-source`: snapshot, partial or live). */
  source?: string;
}

interface AssigneeWatch {
  expected: string;
  seenAt?: number;
}

type BenchWindow = typeof globalThis & { __paint?: PaintProbe; __watch?: AssigneeWatch };

/**
 * Installed before the app's scripts on every navigation: a MutationObserver notes when the first
 * `thread-row` enters the DOM and when `row-count` reaches the seeded total.
 */
export async function installPaintProbe(page: Page, total: number): Promise<void> {
  await page.addInitScript((expectedTotal: number) => {
    const probe: PaintProbe = {};
    (globalThis as BenchWindow).__paint = probe;
    const check = () => {
      const now = performance.now();
      if (probe.firstRow === undefined && document.querySelector('[data-testid="thread-row"]')) {
        probe.firstRow = now;
        probe.source =
          document.querySelector('[data-inbox-source]')?.getAttribute('data-inbox-source') ?? 'unknown';
      }
      if (
        probe.complete === undefined &&
        document.querySelector('[data-testid="row-count"]')?.textContent === String(expectedTotal)
      ) {
        probe.complete = now;
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  }, total);
}

export async function readPaintProbe(page: Page, timeoutMs: number): Promise<Required<PaintProbe>> {
  const handle = await page.waitForFunction(
    () => {
      const probe = (globalThis as BenchWindow).__paint;
      return probe?.firstRow !== undefined && probe.complete !== undefined ? probe : undefined;
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as Required<PaintProbe>;
}

/** Where a reload spent its time before the app could render: the shell from the service worker, then scripts. */
export function navigationTiming(page: Page): Promise<{ shellResponse: number; domContentLoaded: number }> {
  return page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return {
      shellResponse: entry?.responseEnd ?? NaN,
      domContentLoaded: entry?.domContentLoadedEventEnd ?? NaN,
    };
  });
}

/**
 * Starts watching B's assignee select for `expected`. A MutationObserver catches DOM changes and
 * a requestAnimationFrame loop catches the select's value property (not an attribute), so the
 * time noted is at most one frame after the value is on screen.
 */
export async function watchAssignee(page: Page, expected: string): Promise<void> {
  await page.evaluate((want: string) => {
    const watch: AssigneeWatch = { expected: want };
    (globalThis as BenchWindow).__watch = watch;
    const select = () => document.querySelector<HTMLSelectElement>('[data-testid="assignee-select"]');
    const check = () => {
      if (watch.seenAt !== undefined) return true;
      if (select()?.value !== want) return false;
      watch.seenAt = performance.timeOrigin + performance.now();
      observer.disconnect();
      return true;
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      characterData: true,
    });
    const frame = () => {
      if (!check()) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, expected);
}

export async function assigneeSeenAt(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(() => (globalThis as BenchWindow).__watch?.seenAt, undefined, {
    timeout: timeoutMs,
  });
  return (await handle.jsonValue()) as number;
}

/** Chooses `userId` in A's assignee select the way a click does, and returns when it happened. */
export function assignIn(page: Page, userId: string): Promise<number> {
  return page.evaluate((id: string) => {
    const select = document.querySelector<HTMLSelectElement>('[data-testid="assignee-select"]');
    if (!select) throw new Error('no assignee select');
    const at = performance.timeOrigin + performance.now();
    select.value = id;
    select.dispatchEvent(new Event('input', { bubbles: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
    return at;
  }, userId);
}
