// The team page's view model: who is in the team and out of office (from the workspace doc's
// absences, written by the relay), and the hand-over flow: plan (a dry run), confirm, summary.
import {
  docName,
  putWorkspaceRow,
  removeWorkspaceRow,
  routingMembers,
  userId as toUserId,
  type Team,
  type UserId,
} from '@wharf/model';
import { relayApi, type MemberInfo } from '../api/relay-api.ts';
import type { AppSession } from '../session/app-session.svelte.ts';
import { teamApi, type HandOverAnswer } from './team-api.ts';

export type HandOverStep =
  | { step: 'choose' }
  | { step: 'planned'; from: string; to: string; plan: HandOverAnswer }
  | { step: 'done'; result: HandOverAnswer };

export class TeamState {
  #members = $state.raw<readonly MemberInfo[]>([]);
  #handOver = $state.raw<HandOverStep>({ step: 'choose' });
  #busy = $state.raw(false);
  readonly #session: AppSession;

  constructor(session: AppSession) {
    this.#session = session;
  }

  get members(): readonly MemberInfo[] {
    return this.#members;
  }
  get handOver(): HandOverStep {
    return this.#handOver;
  }
  get busy(): boolean {
    return this.#busy;
  }
  get isManager(): boolean {
    return this.#session.me.role !== 'member';
  }

  async load(): Promise<void> {
    this.#members = (await relayApi.members()).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Members out of office now (any absence row covering the session's clock). */
  get away(): ReadonlySet<UserId> {
    const workspace = this.#session.workspace;
    const members = routingMembers({
      members: this.#members.map((m) => ({ id: toUserId(m.id), name: m.name, active: m.active })),
      teams: [],
      absences: workspace?.absences ?? [],
      openThreads: {},
      now: this.#session.now,
    });
    return new Set(members.filter((m) => m.outOfOffice).map((m) => m.id));
  }

  /** Teams for round-robin and least-loaded rules (workspace rows; managers write them). */
  get teams(): readonly Team[] {
    return (this.#session.workspace?.teams ?? []) as readonly Team[];
  }

  #workspaceDoc() {
    return this.isManager ? this.#session.docs.get(docName({ kind: 'workspace' })) : undefined;
  }

  addTeam(name: string): void {
    const doc = this.#workspaceDoc();
    if (!doc || name.trim() === '') return;
    putWorkspaceRow(
      doc,
      'teams',
      { id: this.#session.model.newId(), name: name.trim(), memberIds: [] },
      this.#session.opContext(),
    );
  }

  setTeamMember(teamId: string, memberId: string, inTeam: boolean): void {
    const doc = this.#workspaceDoc();
    const team = this.teams.find((t) => t.id === teamId);
    if (!doc || !team) return;
    const id = toUserId(memberId);
    const memberIds = inTeam
      ? [...team.memberIds.filter((m) => m !== id), id]
      : team.memberIds.filter((m) => m !== id);
    putWorkspaceRow(doc, 'teams', { ...team, memberIds }, this.#session.opContext());
  }

  removeTeam(teamId: string): void {
    const doc = this.#workspaceDoc();
    if (doc) removeWorkspaceRow(doc, 'teams', teamId, this.#session.opContext());
  }

  canSetAway(memberId: string): boolean {
    return this.isManager || memberId === this.#session.me.id;
  }

  async setAway(memberId: string, away: boolean): Promise<void> {
    await teamApi.setOutOfOffice(memberId, away);
    // The workspace doc brings the row; tick so a row written "now" by the relay counts already.
    this.#session.tick();
  }

  async plan(from: string, to: string): Promise<void> {
    await this.#run(async () => {
      this.#handOver = { step: 'planned', from, to, plan: await teamApi.handOver(from, to, true) };
    });
  }

  async confirm(): Promise<void> {
    const current = this.#handOver;
    if (current.step !== 'planned') return;
    await this.#run(async () => {
      this.#handOver = { step: 'done', result: await teamApi.handOver(current.from, current.to, false) };
      await this.load();
    });
  }

  restart(): void {
    this.#handOver = { step: 'choose' };
  }

  async #run(work: () => Promise<void>): Promise<void> {
    this.#busy = true;
    try {
      await work();
    } finally {
      this.#busy = false;
    }
  }
}
