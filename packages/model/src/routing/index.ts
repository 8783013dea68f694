export type { Reason } from './reason.ts';
export {
  EMPTY_ROUTING_STATE,
  type MessageSummary,
  type Priority,
  type RoutingCustomer,
  type RoutingMember,
  type RoutingRule,
  type RoutingState,
  type RuleAction,
  type RuleCondition,
  type TeamId,
  type TextField,
} from './rule-types.ts';
export {
  routeMessage,
  type RoutingDecision,
  type RoutingInput,
  type RoutingResult,
} from './route-message.ts';
export { pickLeastLoaded, pickRoundRobin, type MemberPick } from './pick-member.ts';
export {
  previewRules,
  type PreviewChange,
  type PreviewContext,
  type PreviewRow,
  type PreviewThread,
  type RulePreview,
} from './preview-rules.ts';
export {
  detectLanguage,
  LANGUAGE_CODES,
  type DetectedLanguage,
  type LanguageCode,
} from './language/detect-language.ts';
export { languageName } from './language/language-name.ts';
export { foldText } from './text/fold-text.ts';
export { firstKeywordIn, keywordMatcher } from './text/keyword-match.ts';
export { globMatches } from './text/glob.ts';
export { slaState, type SlaPolicy, type SlaState, type SlaStatus, type SlaThread } from './sla/sla-state.ts';
export { addWorkingMs, workingMsBetween, type Weekday, type WorkingHours } from './sla/working-hours.ts';
export {
  handOverCounts,
  planHandOver,
  type HandOverInput,
  type HandOverOutboxState,
  type HandOverPlan,
  type HandOverResult,
} from './hand-over/plan-hand-over.ts';
export { orderedRules, parseRoutingRule, positionBetween, type RoutingRuleRow } from './rule-rows.ts';
export { mergedInto, senderCustomer, senderCustomerIds } from './sender-customer.ts';
export { parseSlaPolicy, slaPolicyFor, type SlaPolicyRow } from './sla/sla-policy-rows.ts';
export { slaAlerts, type SlaAlert, type SlaAlertKind, type SlaAlertPolicy } from './sla/sla-alerts.ts';
export { recordSlaAlerts, slaAlertsSent } from './sla/sla-ledger.ts';
export {
  planSlaNotifications,
  rowSlaStatus,
  type SlaNotificationPlan,
  type SlaPlanInput,
} from './sla/plan-sla-notifications.ts';
export { routingMembers, type Absence, type RoutingMembersInput, type TeamRow } from './routing-members.ts';
export { ruleProblems, type RuleProblem, type RuleProblemContext } from './rule-problems.ts';
export { messageSummaryFromRef } from './summary-from-ref.ts';
export {
  readRoutingState,
  saveRoutingState,
  workspaceRouting,
  type WorkspaceRouting,
} from './workspace-routing.ts';
export { routeArrival, type ArrivalInput, type ArrivalResult } from './route-arrival.ts';
export { applyHandOver, type HandOverApplied, type HandOverDocs } from './hand-over/apply-hand-over.ts';
export { planRuleSave, saveRoutingRules, type RuleSavePlan } from './save-rules.ts';
export { awayRowId, isOutOfOffice, setOutOfOffice } from './absences.ts';
export { takeOverCustomer, type TakeOverResult } from './take-over-customer.ts';
export {
  mailboxSlaRowId,
  removeMailboxSlaPolicy,
  saveMailboxSlaPolicy,
  type SlaPolicyInput,
} from './sla/save-sla-policy.ts';
