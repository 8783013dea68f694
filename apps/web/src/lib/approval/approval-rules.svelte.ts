// Approval rules in the workspace doc (model `approval-rules.ts`): mail that mentions a phrase,
// quotes a total above a figure, or goes to a key customer (grade, tag) waits for a manager.
// Managers and admins edit them (the relay lets only them write the workspace doc).
import {
  approvalRuleFrom,
  docName,
  putWorkspaceRow,
  removeWorkspaceRow,
  type ApprovalRule,
} from '@wharf/model';
import type { AppSession } from '../session/app-session.svelte.ts';
import { approvalRuleRow, type ApprovalRuleForm } from './approval-form.ts';

export type { ApprovalRuleForm };

export class ApprovalRulesEditor {
  readonly #session: AppSession;

  constructor(session: AppSession) {
    this.#session = session;
  }

  get rules(): ApprovalRule[] {
    return (this.#session.workspace?.approvalRules ?? []).flatMap((row) => {
      const rule = approvalRuleFrom(row);
      return rule ? [rule] : [];
    });
  }

  get canEdit(): boolean {
    return this.#session.me.role !== 'member';
  }

  add(form: ApprovalRuleForm): boolean {
    const row = approvalRuleRow(form, `approval-${this.#session.model.newId()}`);
    const doc = this.#session.docs.get(docName({ kind: 'workspace' }));
    if (!row || !doc || !this.canEdit) return false;
    putWorkspaceRow(doc, 'approvalRules', row, this.#session.opContext());
    return true;
  }

  remove(id: string): void {
    const doc = this.#session.docs.get(docName({ kind: 'workspace' }));
    if (doc && this.canEdit) removeWorkspaceRow(doc, 'approvalRules', id, this.#session.opContext());
  }
}
