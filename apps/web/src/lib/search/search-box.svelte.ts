// The search box's view model. Online it asks the bridge's archive index (GET /api/search: every
// stored message the user may read, attachments included); offline, or when the relay cannot
// answer, the same query goes to the offline index in the search worker (lunr over what this
// browser holds) and the box says so. Chips are a view of the query string (query-chips.ts).
import {
  foldWord,
  formatQuery,
  parseQuery,
  type QueryNode,
  type SearchHit,
  type SearchScope,
  type ValueField,
} from '@wharf/search';
import type { AppSession } from '../session/app-session.svelte.ts';
import { createLatestSearch, type LatestSearch, type Timers } from './latest-search.ts';
import type { OfflineSearch } from './offline-search.ts';
import {
  addChip,
  chipNode,
  queryChips,
  removeChip,
  resolveValues,
  type ChipKind,
  type QueryChip,
} from './query-chips.ts';

export type SearchMode = 'online' | 'offline';
export type SearchProgress = 'idle' | 'searching' | 'done';

/** A hit as the box shows it: both engines answer in @wharf/search's `SearchHit` shape. */
export type SearchBoxHit = Pick<SearchHit, 'key' | 'mailbox' | 'thread' | 'date' | 'subject' | 'snippet'>;

interface Answer {
  readonly mode: SearchMode;
  readonly hits: readonly SearchBoxHit[];
  readonly warnings: readonly string[];
}

export interface SearchBoxDeps {
  readonly session: Pick<AppSession, 'status' | 'members' | 'mailboxes' | 'mailboxLabel' | 'now'>;
  /** The session's offline index; undefined until the worker started (offline search then finds nothing). */
  readonly offline: () => OfflineSearch | undefined;
  readonly fetch?: typeof fetch;
  readonly timers?: Timers;
  readonly debounceMs?: number;
}

const LIMIT = 30;

export class SearchBoxState {
  #query = $state('');
  #hits = $state.raw<readonly SearchBoxHit[]>([]);
  #warnings = $state.raw<readonly string[]>([]);
  #mode = $state<SearchMode>('online');
  #progress = $state<SearchProgress>('idle');
  #active = $state(0);
  #open = $state(false);
  readonly #chips = $derived(queryChips(this.#query));
  readonly #deps: SearchBoxDeps;
  readonly #fetch: typeof fetch;
  readonly #latest: LatestSearch;

  constructor(deps: SearchBoxDeps) {
    this.#deps = deps;
    this.#fetch = deps.fetch ?? ((input, init) => fetch(input, init));
    this.#latest = createLatestSearch<Answer>({
      timers: deps.timers ?? {
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      },
      debounceMs: deps.debounceMs ?? 120,
      run: (query) => this.#run(query),
      show: (answer) => {
        this.#hits = answer?.hits ?? [];
        this.#warnings = answer?.warnings ?? [];
        if (answer) this.#mode = answer.mode;
        this.#progress = answer ? 'done' : 'idle';
        this.#active = 0;
      },
      fail: () => {
        this.#hits = [];
        this.#progress = 'done';
      },
    });
  }

  get query(): string {
    return this.#query;
  }
  get chips(): readonly QueryChip[] {
    return this.#chips;
  }
  get hits(): readonly SearchBoxHit[] {
    return this.#hits;
  }
  get warnings(): readonly string[] {
    return this.#warnings;
  }
  get progress(): SearchProgress {
    return this.#progress;
  }
  /** The results panel is shown (typing opens it, Esc closes it). */
  get open(): boolean {
    return this.#open && this.#query.trim() !== '';
  }
  get active(): number {
    return this.#active;
  }
  /** Offline search is what answers: shown next to the box. */
  get searchingOffline(): boolean {
    return this.#query.trim() !== '' && (this.#deps.session.status === 'offline' || this.#mode === 'offline');
  }

  set(query: string): void {
    this.#query = query;
    this.#open = true;
    this.#progress = query.trim() === '' ? 'idle' : 'searching';
    this.#latest.set(query);
  }

  /** Runs the current query again (e.g. the connection changed). */
  refresh(): void {
    if (this.#query.trim() !== '') this.set(this.#query);
  }

  addChip(kind: ChipKind, value: string): void {
    const node = chipNode(kind, value);
    if (node) this.set(addChip(this.#query, node));
  }

  removeChip(chip: QueryChip): void {
    this.set(removeChip(this.#query, chip));
  }

  close(): void {
    this.#open = false;
  }

  move(delta: number): void {
    const n = this.#hits.length;
    if (n === 0) return;
    this.#open = true;
    this.#active = (this.#active + delta + n) % n;
  }

  get activeHit(): SearchBoxHit | undefined {
    return this.open ? this.#hits[this.#active] : undefined;
  }

  destroy(): void {
    this.#latest.destroy();
  }

  /** Member names/addresses and mailbox names/addresses → the ids both indexes store. */
  #resolve = (field: ValueField, value: string): string | undefined => {
    const want = foldWord(value);
    const { session } = this.#deps;
    if (field === 'assignee')
      return session.members.find(
        (m) => m.id === value || foldWord(m.name) === want || foldWord(m.email) === want,
      )?.id;
    if (field === 'mailbox')
      return session.mailboxes.find((id) => id === value || foldWord(session.mailboxLabel(id)) === want);
    return undefined;
  };

  #scope(): SearchScope {
    // Locally held docs are the user's own mailboxes: members see their internal content.
    const mailboxes = this.#deps.session.mailboxes;
    return { readable: mailboxes, internal: mailboxes };
  }

  async #run(query: string): Promise<Answer> {
    const parsed = parseQuery(query, { prefixLast: true });
    const warnings = parsed.warnings.map((w) => w.message);
    if (!parsed.ast) return { mode: this.#mode, hits: [], warnings };
    const ast = resolveValues(parsed.ast, this.#resolve);
    const tz = -new Date(this.#deps.session.now).getTimezoneOffset();
    if (this.#deps.session.status !== 'offline') {
      const online = await this.#online(ast === parsed.ast ? query : resolvedText(query, ast), tz);
      if (online) return online;
    }
    const offline = this.#deps.offline();
    if (!offline) return { mode: 'offline', hits: [], warnings };
    const result = await offline.search(ast, this.#scope(), {
      prefixLast: true,
      limit: LIMIT,
      timeZoneOffsetMinutes: tz,
    });
    return { mode: 'offline', hits: result.hits, warnings };
  }

  /** The archive's answer, or null when the relay or the bridge cannot give one. */
  async #online(query: string, tz: number): Promise<Answer | null> {
    try {
      const response = await this.#fetch(
        `/api/search?q=${encodeURIComponent(query)}&limit=${LIMIT}&typing=1&tz=${tz}`,
        { credentials: 'same-origin' },
      );
      if (!response.ok) return null; // 503: the bridge is starting; 400: nothing searchable yet
      const body = (await response.json()) as { hits: SearchBoxHit[]; warnings: { message: string }[] };
      return { mode: 'online', hits: body.hits, warnings: body.warnings.map((w) => w.message) };
    } catch {
      return null; // the network is gone before the sync socket noticed
    }
  }
}

/** The query with resolved ids. The word being typed was parsed as a prefix and prints as `word*`,
 * which the archive reads as a prefix too. */
function resolvedText(query: string, ast: QueryNode): string {
  return formatQuery(ast) + (/\s$/.test(query) ? ' ' : '');
}
