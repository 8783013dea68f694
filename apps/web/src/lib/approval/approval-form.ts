// Pure: the approval-rule form's text fields → a workspace `approvalRules` row.
import { approvalRuleFrom, type RuleRow } from '@wharf/model';

export interface ApprovalRuleForm {
  name: string;
  phrases: string;
  totalAbove: string;
  currency: string;
  grades: string;
  customerTags: string;
}

const list = (value: string) =>
  value
    .split(/[,，;；\n]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The row for a filled-in form; undefined when it sets no condition (it would never match). */
export function approvalRuleRow(form: ApprovalRuleForm, id: string): RuleRow | undefined {
  const total = Number(form.totalAbove.replace(/[,，\s]/g, ''));
  const row: RuleRow = {
    id,
    name: form.name.trim() || id,
    enabled: true,
    phrases: list(form.phrases),
    grades: list(form.grades).map((g) => g.toUpperCase()),
    customerTags: list(form.customerTags).map((t) => t.toLowerCase()),
    ...(form.totalAbove.trim() !== '' && Number.isFinite(total) ? { totalAbove: total } : {}),
    ...(form.currency.trim() ? { currency: form.currency.trim().toUpperCase() } : {}),
  };
  return approvalRuleFrom(row) ? row : undefined;
}
