// Pure core of results-as-you-type: wait for a pause in typing, run the newest query only, and
// drop any answer that arrives after a newer query was asked (a slow response never overwrites a
// fresh one). Timers are injected so tests advance time instead of waiting.
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LatestSearchDeps<R> {
  readonly timers: Timers;
  readonly debounceMs: number;
  run(query: string): Promise<R>;
  /** The newest query's result; null when the box was cleared. */
  show(result: R | null, query: string): void;
  fail(error: unknown, query: string): void;
}

export interface LatestSearch {
  set(query: string): void;
  destroy(): void;
}

export function createLatestSearch<R>(deps: LatestSearchDeps<R>): LatestSearch {
  let sequence = 0;
  let timer: unknown;
  return {
    set(query) {
      deps.timers.clearTimeout(timer);
      const mine = ++sequence;
      if (query.trim() === '') {
        deps.show(null, query);
        return;
      }
      timer = deps.timers.setTimeout(() => {
        deps.run(query).then(
          (result) => {
            if (mine === sequence) deps.show(result, query);
          },
          (error: unknown) => {
            if (mine === sequence) deps.fail(error, query);
          },
        );
      }, deps.debounceMs);
    },
    destroy() {
      deps.timers.clearTimeout(timer);
      sequence++;
    },
  };
}
