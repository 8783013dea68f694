// The SLA section of the rules page: each mailbox's first-reply target, read from the workspace
// doc's policies and saved through the model (which refuses a policy the bridge could not read).
import {
  docName,
  removeMailboxSlaPolicy,
  saveMailboxSlaPolicy,
  slaPolicyFor,
  type MailboxId,
  type SlaPolicyRow,
} from '@wharf/model';
import type { AppSession } from '../session/app-session.svelte.ts';
import { slaInputFrom, type SlaForm } from './sla-form.ts';

export class SlaEditor {
  readonly #session: AppSession;

  constructor(session: AppSession) {
    this.#session = session;
  }

  get canEdit(): boolean {
    return this.#session.me.role !== 'member';
  }

  /** The policy in force for the mailbox (its own, else the workspace default). */
  policyFor(mailboxId: MailboxId): SlaPolicyRow | undefined {
    return slaPolicyFor(mailboxId, this.#session.workspace?.slaPolicies ?? []);
  }

  #doc() {
    return this.#session.docs.get(docName({ kind: 'workspace' }));
  }

  /** false when the form is not a valid policy (nothing is written then). */
  save(mailboxId: MailboxId, form: SlaForm): boolean {
    const doc = this.#doc();
    if (!doc || !this.canEdit) return false;
    const current = this.policyFor(mailboxId);
    const input = slaInputFrom(
      form,
      current?.name ?? this.#session.mailboxLabel(mailboxId),
      current?.workingHours.holidays,
    );
    return saveMailboxSlaPolicy(doc, mailboxId, input, this.#session.opContext());
  }

  remove(mailboxId: MailboxId): void {
    const doc = this.#doc();
    if (doc && this.canEdit) removeMailboxSlaPolicy(doc, mailboxId, this.#session.opContext());
  }
}
