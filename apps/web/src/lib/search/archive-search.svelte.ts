// The search box's server side: GET /api/search (the bridge's archive index, every stored message
// the user may read) while typing. Requests are debounced and only the newest answer is shown; when
// the relay cannot be reached the box falls back to filtering what the browser holds.

export interface Highlighted {
  text: string;
  highlights: [number, number][];
}

export interface ArchiveHit {
  key: string;
  mailbox: string;
  thread: string;
  date: number;
  subject: Highlighted;
  snippet: Highlighted & { source: string; filename?: string };
}

export interface ArchiveSearchDeps {
  fetch?: typeof fetch;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** Wait this long after the last keystroke. */
  debounceMs?: number;
}

export type ArchiveSearchState = 'idle' | 'searching' | 'done' | 'unavailable';

/** Text split into plain and marked parts, for rendering as text (never as HTML). */
export function highlightParts(h: Highlighted): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [start, end] of [...h.highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    if (start > at) parts.push({ text: h.text.slice(at, start), mark: false });
    parts.push({ text: h.text.slice(start, end), mark: true });
    at = end;
  }
  if (at < h.text.length) parts.push({ text: h.text.slice(at), mark: false });
  return parts;
}

export class ArchiveSearch {
  hits = $state.raw<ArchiveHit[]>([]);
  warnings = $state.raw<string[]>([]);
  state = $state<ArchiveSearchState>('idle');
  readonly #fetch: typeof fetch;
  readonly #timers: NonNullable<ArchiveSearchDeps['timers']>;
  readonly #debounceMs: number;
  #timer: unknown;
  #sequence = 0;

  constructor(deps: ArchiveSearchDeps = {}) {
    this.#fetch = deps.fetch ?? ((input, init) => fetch(input, init));
    this.#timers = deps.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.#debounceMs = deps.debounceMs ?? 120;
  }

  /** Asks for `query` after the debounce; an empty query clears the results. */
  set(query: string): void {
    this.#timers.clearTimeout(this.#timer);
    const sequence = ++this.#sequence;
    if (query.trim() === '') {
      this.hits = [];
      this.warnings = [];
      this.state = 'idle';
      return;
    }
    this.state = 'searching';
    this.#timer = this.#timers.setTimeout(() => void this.#run(query, sequence), this.#debounceMs);
  }

  async #run(query: string, sequence: number): Promise<void> {
    try {
      const response = await this.#fetch(`/api/search?q=${encodeURIComponent(query)}&limit=30&typing=1`, {
        credentials: 'same-origin',
      });
      if (sequence !== this.#sequence) return;
      if (!response.ok) {
        // 503: the bridge is starting; 400: nothing searchable typed yet. Either way, filter locally.
        this.state = 'unavailable';
        return;
      }
      const body = (await response.json()) as { hits: ArchiveHit[]; warnings: { message: string }[] };
      if (sequence !== this.#sequence) return;
      this.hits = body.hits;
      this.warnings = body.warnings.map((w) => w.message);
      this.state = 'done';
    } catch {
      if (sequence === this.#sequence) this.state = 'unavailable';
    }
  }

  destroy(): void {
    this.#timers.clearTimeout(this.#timer);
    this.#sequence++;
  }
}
