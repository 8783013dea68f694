// Routing rules as stored in the workspace doc: plain JSON rows, evaluated top to bottom.
import type { CustomerId, MailboxId, UserId } from '../ids.ts';
import type { LanguageCode } from './language/detect-language.ts';

export type TeamId = string;
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type TextField = 'subject' | 'body';

export type RuleCondition =
  | { readonly kind: 'mailbox'; readonly mailboxIds: readonly MailboxId[] }
  /** Any recipient (To, Cc, Delivered-To) is one of these addresses, e.g. an alias like sales-eu@. */
  | { readonly kind: 'alias'; readonly addresses: readonly string[] }
  /** The sender's domain or any sub-domain of it. */
  | { readonly kind: 'senderDomain'; readonly domains: readonly string[] }
  | { readonly kind: 'senderTld'; readonly tlds: readonly string[] }
  /** ISO 3166-1 alpha-2, guessed from the sender's domain. */
  | { readonly kind: 'senderCountry'; readonly countries: readonly string[] }
  | { readonly kind: 'language'; readonly languages: readonly LanguageCode[] }
  | { readonly kind: 'keyword'; readonly keywords: readonly string[]; readonly fields: readonly TextField[] }
  | { readonly kind: 'product'; readonly products: readonly string[]; readonly fields: readonly TextField[] }
  | { readonly kind: 'hasAttachment' }
  | { readonly kind: 'attachmentName'; readonly patterns: readonly string[] };

export type RuleAction =
  | { readonly kind: 'assign'; readonly memberId: UserId }
  | { readonly kind: 'roundRobin'; readonly teamId: TeamId }
  | { readonly kind: 'leastLoaded'; readonly teamId: TeamId }
  | { readonly kind: 'tag'; readonly tag: string }
  | { readonly kind: 'priority'; readonly priority: Priority }
  | { readonly kind: 'spam' };

export interface RoutingRule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  /** `all`: every condition must hold; `any`: one is enough. No conditions: matches every message. */
  readonly match: 'all' | 'any';
  readonly conditions: readonly RuleCondition[];
  readonly actions: readonly RuleAction[];
  /** Keep evaluating the rules below after this one matched. */
  readonly continue: boolean;
}

/** What routing needs to know about an arriving message. */
export interface MessageSummary {
  readonly mailboxId: MailboxId;
  readonly recipients: readonly string[];
  readonly from: { readonly address: string; readonly name?: string };
  readonly subject: string;
  readonly text: string;
  readonly attachmentNames: readonly string[];
}

export interface RoutingMember {
  readonly id: UserId;
  readonly name: string;
  readonly teams: readonly TeamId[];
  /** false once removed or handed over: owns nothing and receives nothing. */
  readonly active: boolean;
  readonly outOfOffice: boolean;
  readonly openThreads: number;
}

export interface RoutingCustomer {
  readonly id: CustomerId;
  readonly name: string;
  readonly ownerId: UserId | null;
}

/**
 * Storable between arrivals (e.g. in the workspace doc): the last member each team's round-robin
 * picked, and open-thread counts that override `RoutingMember.openThreads` so a batch of arrivals
 * routed before the index catches up still spreads.
 */
export interface RoutingState {
  readonly roundRobin: Readonly<Record<TeamId, UserId>>;
  readonly loads: Readonly<Record<string, number>>;
}

export const EMPTY_ROUTING_STATE: RoutingState = { roundRobin: {}, loads: {} };
