// Pure: what the rule editor warns about before a manager saves. Warnings, not errors: a rule that
// names an absent team still saves (the team may be created next), it just cannot assign yet.
import type { MailboxId } from '../ids.ts';
import { reason, type Reason } from './reason.ts';
import type { RoutingMember, RoutingRule, RuleCondition, TeamId } from './rule-types.ts';

export interface RuleProblemContext {
  readonly members: readonly RoutingMember[];
  readonly teams: readonly { readonly id: TeamId; readonly name: string }[];
  readonly mailboxIds: readonly MailboxId[];
}

export interface RuleProblem {
  readonly ruleId: string;
  readonly reason: Reason;
}

function conditionListIsEmpty(condition: RuleCondition): boolean {
  switch (condition.kind) {
    case 'mailbox':
      return condition.mailboxIds.length === 0;
    case 'alias':
      return condition.addresses.length === 0;
    case 'senderDomain':
      return condition.domains.length === 0;
    case 'senderTld':
      return condition.tlds.length === 0;
    case 'senderCountry':
      return condition.countries.length === 0;
    case 'language':
      return condition.languages.length === 0;
    case 'keyword':
      return condition.keywords.every((k) => k.trim() === '') || condition.fields.length === 0;
    case 'product':
      return condition.products.every((p) => p.trim() === '') || condition.fields.length === 0;
    case 'attachmentName':
      return condition.patterns.every((p) => p.trim() === '');
    case 'hasAttachment':
      return false;
  }
}

function problemsOf(rule: RoutingRule, number: number, ctx: RuleProblemContext): Reason[] {
  const found: Reason[] = [];
  const say = (en: string, zh: string) =>
    found.push(reason(`rule ${number}: ${en}`, `规则 ${number}：${zh}`));
  if (rule.actions.length === 0) say('does nothing', '没有任何动作');
  for (const condition of rule.conditions) {
    if (conditionListIsEmpty(condition))
      say(
        `the ${condition.kind} condition is empty and never matches`,
        `${condition.kind} 条件为空，永远不会匹配`,
      );
    if (condition.kind === 'mailbox')
      for (const id of condition.mailboxIds.filter((m) => !ctx.mailboxIds.includes(m)))
        say(`unknown mailbox ${id}`, `未知邮箱 ${id}`);
  }
  const assignments = rule.actions.filter(
    (a) => a.kind === 'assign' || a.kind === 'roundRobin' || a.kind === 'leastLoaded',
  );
  if (assignments.length > 1) say('only its first assignment can take effect', '只有第一个分配动作会生效');
  if (assignments.length > 0 && rule.actions.some((a) => a.kind === 'spam'))
    say('marks spam, so its assignment is dropped', '标记为垃圾邮件，分配动作不会生效');
  for (const action of rule.actions) {
    if (action.kind === 'assign') {
      const member = ctx.members.find((m) => m.id === action.memberId);
      if (!member?.active)
        say(
          `${member?.name ?? action.memberId} is not an active member`,
          `${member?.name ?? action.memberId} 不是在职成员`,
        );
    }
    if (action.kind === 'roundRobin' || action.kind === 'leastLoaded') {
      const team = ctx.teams.find((t) => t.id === action.teamId);
      if (!team) say(`unknown team ${action.teamId}`, `未知团队 ${action.teamId}`);
      else if (!ctx.members.some((m) => m.active && m.teams.includes(team.id)))
        say(`team ${team.name} has no active members`, `团队 ${team.name} 没有在职成员`);
    }
  }
  return found;
}

/** Problems per rule, plus rules that can never run because an earlier one takes every message. */
export function ruleProblems(rules: readonly RoutingRule[], ctx: RuleProblemContext): RuleProblem[] {
  const problems: RuleProblem[] = [];
  let catchAll: number | undefined;
  for (const [index, rule] of rules.entries()) {
    const number = index + 1;
    for (const why of problemsOf(rule, number, ctx)) problems.push({ ruleId: rule.id, reason: why });
    if (!rule.enabled) continue;
    if (catchAll !== undefined)
      problems.push({
        ruleId: rule.id,
        reason: reason(
          `rule ${number} never runs: rule ${catchAll} takes every message`,
          `规则 ${number} 永远不会执行：规则 ${catchAll} 已处理所有邮件`,
        ),
      });
    // Only a rule that surely stops evaluation hides the rest: a team pick, or a direct assignment
    // to someone inactive, can find nobody and fall through.
    const stopsAlways =
      rule.conditions.length === 0 &&
      !rule.continue &&
      rule.actions.every(
        (a) =>
          a.kind === 'tag' ||
          a.kind === 'priority' ||
          a.kind === 'spam' ||
          (a.kind === 'assign' && ctx.members.some((m) => m.id === a.memberId && m.active)),
      );
    if (stopsAlways && catchAll === undefined) catchAll = number;
  }
  return problems;
}
