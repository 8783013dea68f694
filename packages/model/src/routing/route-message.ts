// Pure: the routing decision for one arriving message. Ownership first (防撞单: a known customer
// always reaches their owner), then the ordered rules; first match wins unless the rule says
// continue. Deterministic for a given input, so the bridge can recompute it after a restart and
// reach the same decision; the caller stores the returned state with the decision.
import type { UserId } from '../ids.ts';
import { conditionHolds } from './conditions.ts';
import { messageFacts, type MessageFacts } from './message-facts.ts';
import { pickLeastLoaded, pickRoundRobin, withAssignment, type MemberPick } from './pick-member.ts';
import { joinReasons, reason, type Reason } from './reason.ts';
import type {
  MessageSummary,
  Priority,
  RoutingCustomer,
  RoutingMember,
  RoutingRule,
  RoutingState,
  RuleAction,
  TeamId,
} from './rule-types.ts';

export interface RoutingInput {
  readonly message: MessageSummary;
  readonly customer: RoutingCustomer | null;
  readonly rules: readonly RoutingRule[];
  readonly members: readonly RoutingMember[];
  readonly state: RoutingState;
  /** Team names for reasons; a team not listed is called by its id. */
  readonly teams?: readonly { readonly id: TeamId; readonly name: string }[];
}

export interface RoutingDecision {
  readonly outcome: 'owner' | 'rule' | 'unassigned' | 'spam';
  readonly assigneeId: UserId | null;
  /** The rule that chose the assignee (or marked spam); null for ownership and unassigned. */
  readonly ruleId: string | null;
  readonly tags: readonly string[];
  readonly priority: Priority | null;
  readonly spam: boolean;
  /** The one line recorded on the thread: "rule 3: product keyword 'valve'". */
  readonly reason: Reason;
  /** Everything that happened, in order, for the rule editor and the activity log. */
  readonly steps: readonly Reason[];
}

export interface RoutingResult {
  readonly decision: RoutingDecision;
  readonly state: RoutingState;
}

/** Why a rule matched, or undefined. A rule without conditions matches every message. */
export function ruleMatches(rule: RoutingRule, facts: MessageFacts): Reason | undefined {
  if (rule.conditions.length === 0) return reason('every message', '所有邮件');
  if (rule.match === 'any') {
    for (const condition of rule.conditions) {
      const held = conditionHolds(condition, facts);
      if (held) return held;
    }
    return undefined;
  }
  const held: Reason[] = [];
  for (const condition of rule.conditions) {
    const why = conditionHolds(condition, facts);
    if (!why) return undefined;
    held.push(why);
  }
  return joinReasons(held);
}

interface Assignment {
  readonly memberId: UserId;
  readonly ruleId: string | null;
  readonly reason: Reason;
}

export function routeMessage(input: RoutingInput): RoutingResult {
  const { members } = input;
  const facts = messageFacts(input.message);
  const steps: Reason[] = [];
  let state = input.state;
  let assignment: Assignment | undefined;

  const owner = ownerOf(input.customer, members);
  if (owner.kind === 'owner') {
    assignment = { memberId: owner.member.id, ruleId: null, reason: owner.reason };
    state = withAssignment(state, owner.member.id, members);
  }
  if (owner.kind !== 'none') steps.push(owner.reason);
  const ownedByCustomerOwner = owner.kind === 'owner';

  const tags: string[] = [];
  let priority: Priority | null = null;
  let spamRule: { id: string; reason: Reason } | undefined;
  let anyRuleMatched = false;

  for (const [index, rule] of input.rules.entries()) {
    if (!rule.enabled) continue;
    const matched = ruleMatches(rule, facts);
    if (!matched) continue;
    anyRuleMatched = true;
    const ruleReason = reason(`rule ${index + 1}: ${matched.en}`, `规则 ${index + 1}：${matched.zh}`);
    steps.push(ruleReason);
    let assignmentFailed = false;
    for (const action of rule.actions) {
      switch (action.kind) {
        case 'tag':
          if (!tags.includes(action.tag)) tags.push(action.tag);
          break;
        case 'priority':
          priority ??= action.priority;
          break;
        case 'spam':
          if (ownedByCustomerOwner)
            steps.push(
              reason(
                'not marked as spam: the sender is a known customer',
                '未标记为垃圾邮件：发件人是已知客户',
              ),
            );
          else spamRule ??= { id: rule.id, reason: ruleReason };
          break;
        default: {
          if (assignment) break;
          const pick = pickFor(action, members, state, input.teams ?? []);
          steps.push(pick.reason);
          if (pick.memberId === null) assignmentFailed = true;
          else {
            assignment = { memberId: pick.memberId, ruleId: rule.id, reason: ruleReason };
            state = pick.state;
          }
        }
      }
    }
    if (spamRule) break;
    // A rule that found nobody to assign lets the rules below find someone.
    if (!rule.continue && !(assignmentFailed && !assignment)) break;
  }

  const common = { tags, priority, steps };
  if (spamRule)
    return {
      decision: {
        ...common,
        outcome: 'spam',
        assigneeId: null,
        ruleId: spamRule.id,
        spam: true,
        reason: spamRule.reason,
      },
      state: input.state,
    };
  if (assignment)
    return {
      decision: {
        ...common,
        outcome: ownedByCustomerOwner ? 'owner' : 'rule',
        assigneeId: assignment.memberId,
        ruleId: assignment.ruleId,
        spam: false,
        reason: assignment.reason,
      },
      state,
    };
  const unassigned = anyRuleMatched
    ? reason('no rule assigned it: unassigned', '没有规则指定负责人：未分配')
    : reason('no rule matched: unassigned', '没有匹配的规则：未分配');
  steps.push(unassigned);
  return {
    decision: {
      ...common,
      outcome: 'unassigned',
      assigneeId: null,
      ruleId: null,
      spam: false,
      reason: unassigned,
    },
    state,
  };
}

type OwnerCheck =
  | { readonly kind: 'none' }
  | { readonly kind: 'owner'; readonly member: RoutingMember; readonly reason: Reason }
  | { readonly kind: 'inactive'; readonly reason: Reason };

function ownerOf(customer: RoutingCustomer | null, members: readonly RoutingMember[]): OwnerCheck {
  if (!customer?.ownerId) return { kind: 'none' };
  const member = members.find((candidate) => candidate.id === customer.ownerId);
  if (!member?.active)
    return {
      kind: 'inactive',
      reason: reason(
        `owner ${member?.name ?? customer.ownerId} of customer ${customer.name} is inactive: rules decide`,
        `客户 ${customer.name} 的负责人 ${member?.name ?? customer.ownerId} 已停用：按规则分配`,
      ),
    };
  // Ownership holds through an absence: the owner's inbox (and whoever covers it) keeps the customer.
  const away = member.outOfOffice ? [' (out of office)', '（外出中）'] : ['', ''];
  return {
    kind: 'owner',
    member,
    reason: reason(
      `owner of customer ${customer.name}${away[0]}`,
      `客户 ${customer.name} 的负责人${away[1]}`,
    ),
  };
}

function pickFor(
  action: Extract<RuleAction, { kind: 'assign' | 'roundRobin' | 'leastLoaded' }>,
  members: readonly RoutingMember[],
  state: RoutingState,
  teams: readonly { readonly id: TeamId; readonly name: string }[],
): MemberPick {
  const teamName = (id: TeamId) => teams.find((team) => team.id === id)?.name ?? id;
  switch (action.kind) {
    case 'roundRobin':
      return pickRoundRobin(action.teamId, members, state, teamName(action.teamId));
    case 'leastLoaded':
      return pickLeastLoaded(action.teamId, members, state, teamName(action.teamId));
    case 'assign': {
      const member = members.find((candidate) => candidate.id === action.memberId);
      if (!member?.active)
        return {
          memberId: null,
          reason: reason(`${action.memberId} is not an active member`, `${action.memberId} 不是在职成员`),
        };
      return {
        memberId: member.id,
        reason: reason(`assign to ${member.name}`, `分配给 ${member.name}`),
        state: withAssignment(state, member.id, members),
      };
    }
  }
}
