// The rules page's view model: the stored rules (from the workspace doc), the manager's draft of
// them, the problems in the draft, a preview of the draft over recent threads, and saving through
// the model's `saveRoutingRules`. Components read its projections and call its methods.
import {
  customerView,
  docName,
  orderedRules,
  previewRules,
  ruleProblems,
  saveRoutingRules,
  threadView,
  workspaceRouting,
  type CustomerId,
  type Priority,
  type RoutingCustomer,
  type RoutingRule,
  type RuleProblem,
  type RulePreview,
  type ThreadId,
  type ThreadSummary,
  type WorkspaceRouting,
} from '@wharf/model';
import type * as Y from 'yjs';
import type { AppSession } from '../session/app-session.svelte.ts';
import type { InboxState } from '../session/inbox-state.svelte.ts';
import {
  dropRule,
  moveRule,
  newRule,
  previewThreadFromRow,
  recentRows,
  replaceRule,
  sameRules,
} from './rule-draft.ts';

export interface PreviewResult extends RulePreview {
  /** The rows replayed, by thread, for subjects and mailboxes. */
  readonly threads: ReadonlyMap<ThreadId, ThreadSummary>;
}

/** A rule as the editor holds it: the stored row without its position (order is the list order). */
function editable(rule: RoutingRule): RoutingRule {
  const { id, name, enabled, match, conditions, actions } = rule;
  return structuredClone({ id, name, enabled, match, conditions, actions, continue: rule.continue });
}

export class RulesEditor {
  #draft = $state.raw<readonly RoutingRule[]>([]);
  #stored = $state.raw<readonly RoutingRule[]>([]);
  #invalid = $state.raw<readonly string[]>([]);
  #preview = $state.raw<PreviewResult | undefined>(undefined);
  #previewing = $state.raw(false);
  #savedAt = $state.raw<number | undefined>(undefined);
  readonly #session: AppSession;
  readonly #inbox: InboxState;

  constructor(session: AppSession, inbox: InboxState) {
    this.#session = session;
    this.#inbox = inbox;
  }

  get canEdit(): boolean {
    return this.#session.me.role !== 'member';
  }
  get draft(): readonly RoutingRule[] {
    return this.#draft;
  }
  /** Ids of stored rows the editor cannot read (left untouched by saving). */
  get invalid(): readonly string[] {
    return this.#invalid;
  }
  get edited(): boolean {
    return !sameRules(this.#draft, this.#stored);
  }
  get preview(): PreviewResult | undefined {
    return this.#preview;
  }
  get previewing(): boolean {
    return this.#previewing;
  }
  get savedAt(): number | undefined {
    return this.#savedAt;
  }

  #workspace(): Y.Doc | undefined {
    return this.#session.docs.get(docName({ kind: 'workspace' }));
  }

  #routing(): WorkspaceRouting | undefined {
    const doc = this.#workspace();
    if (!doc) return undefined;
    const openThreads: Record<string, number> = {};
    for (const row of this.#inbox.summaries)
      if (row.assignee && row.status !== 'closed')
        openThreads[row.assignee] = (openThreads[row.assignee] ?? 0) + 1;
    return workspaceRouting(doc, { now: this.#session.now, openThreads });
  }

  /**
   * Reads the stored rules. Called on every workspace change: an untouched draft follows the
   * stored rules (a colleague's save shows at once); an edited one is kept until saved or reset.
   */
  refresh(): void {
    const rows = this.#session.workspace?.routingRules ?? [];
    const { rules, invalid } = orderedRules(rows);
    const stored = rules.map(editable);
    if (sameRules(stored, this.#stored) && invalid.join() === this.#invalid.join()) return;
    const untouched = !this.edited;
    this.#stored = stored;
    this.#invalid = invalid;
    if (untouched) this.#draft = stored;
  }

  reset(): void {
    this.#draft = this.#stored;
    this.#preview = undefined;
  }

  /** Problems of the draft, each tied to its rule, in both languages. */
  get problems(): readonly RuleProblem[] {
    const workspace = this.#session.workspace;
    const routing = this.#routing();
    if (!workspace || !routing) return [];
    return ruleProblems(this.#draft, {
      members: routing.members,
      teams: routing.teams,
      mailboxIds: workspace.mailboxes.map((mailbox) => mailbox.id),
    });
  }

  #set(draft: RoutingRule[]): void {
    this.#draft = draft;
    // A preview of an older draft would mislead.
    this.#preview = undefined;
  }

  add(name: string): string {
    const rule = newRule(this.#session.model.newId(), name);
    this.#set([...this.#draft, rule]);
    return rule.id;
  }
  update(id: string, change: (rule: RoutingRule) => RoutingRule): void {
    this.#set(replaceRule(this.#draft, id, change));
  }
  remove(id: string): void {
    this.#set(this.#draft.filter((rule) => rule.id !== id));
  }
  move(id: string, by: number): void {
    this.#set(moveRule(this.#draft, id, by));
  }
  drop(id: string, beforeId: string | undefined): void {
    this.#set(dropRule(this.#draft, id, beforeId));
  }

  /** Replays the newest `count` threads the browser holds through the draft. */
  async runPreview(count: number): Promise<void> {
    const routing = this.#routing();
    if (!routing) return;
    this.#previewing = true;
    try {
      const rows = recentRows(this.#inbox.summaries, count);
      const customers = await this.#customers(rows);
      let threads = rows.map((row) =>
        previewThreadFromRow(row, row.customerId ? (customers.get(row.customerId) ?? null) : null),
      );
      // Replay from the stored cursors without touching them: a preview writes nothing.
      const replay = () =>
        previewRules(this.#draft, threads, {
          members: routing.members,
          state: routing.state,
          teams: routing.teams,
        });
      let preview = replay();
      // Index rows carry no priority or spam flag: where the draft would set one, read the thread's
      // own before calling it a change (few threads, so few docs to open).
      const unsure = new Set(
        preview.rows
          .filter((row) => row.changes.includes('priority') || row.changes.includes('spam'))
          .map((row) => row.threadId),
      );
      if (unsure.size > 0) {
        const known = await this.#threadFlags(rows.filter((row) => unsure.has(row.threadId)));
        threads = threads.map((thread) => {
          const flags = known.get(thread.threadId);
          return flags ? { ...thread, current: { ...thread.current, ...flags } } : thread;
        });
        preview = replay();
      }
      this.#preview = { ...preview, threads: new Map(rows.map((row) => [row.threadId, row])) };
    } finally {
      this.#previewing = false;
    }
  }

  async #threadFlags(
    rows: readonly ThreadSummary[],
  ): Promise<Map<ThreadId, { priority: Priority | null; spam: boolean }>> {
    const found = new Map<ThreadId, { priority: Priority | null; spam: boolean }>();
    await Promise.all(
      rows.map(async (row) => {
        const name = docName({ kind: 'thread', mailboxId: row.mailboxId, threadId: row.threadId });
        const doc = await this.#session.docs.open(name);
        if (!threadView(doc, this.#session.now)) await this.#session.docs.whenSynced(name);
        const view = threadView(doc, this.#session.now);
        if (view) found.set(row.threadId, { priority: view.priority, spam: view.spam });
      }),
    );
    return found;
  }

  /** The owners of the previewed threads' customers: ownership comes before every rule. */
  async #customers(rows: readonly ThreadSummary[]): Promise<Map<CustomerId, RoutingCustomer>> {
    const ids = [...new Set(rows.flatMap((row) => (row.customerId ? [row.customerId] : [])))];
    const found = new Map<CustomerId, RoutingCustomer>();
    await Promise.all(
      ids.map(async (id) => {
        const name = docName({ kind: 'customer', customerId: id });
        const doc = await this.#session.docs.open(name);
        if (!customerView(doc).profile.id) await this.#session.docs.whenSynced(name);
        const { profile } = customerView(doc);
        if (profile.id)
          found.set(id, { id, name: profile.name ?? String(id), ownerId: profile.ownerId ?? null });
      }),
    );
    return found;
  }

  /** Writes the draft; returns how many rule rows changed. */
  save(): number {
    const doc = this.#workspace();
    if (!doc || !this.canEdit) return 0;
    const changed = saveRoutingRules(doc, this.#draft, this.#session.opContext());
    this.#stored = this.#draft;
    this.#savedAt = this.#session.tick();
    return changed;
  }
}
