// Builders for the routing unit tests.
import { customerId, mailboxId, userId } from '../ids.ts';
import type { MessageSummary, RoutingCustomer, RoutingMember, RoutingRule } from './rule-types.ts';

export function message(overrides: Partial<MessageSummary> = {}): MessageSummary {
  return {
    mailboxId: mailboxId('sales'),
    recipients: ['sales@wharf-valves.cn'],
    from: { address: 'buyer@example.com', name: 'Buyer' },
    subject: 'Inquiry',
    text: 'Hello, please send us your catalogue.',
    attachmentNames: [],
    ...overrides,
  };
}

export function member(
  id: string,
  teams: string[] = [],
  overrides: Partial<RoutingMember> = {},
): RoutingMember {
  return {
    id: userId(id),
    name: id[0]!.toUpperCase() + id.slice(1),
    teams,
    active: true,
    outOfOffice: false,
    openThreads: 0,
    ...overrides,
  };
}

export function rule(id: string, overrides: Partial<RoutingRule> = {}): RoutingRule {
  return {
    id,
    name: id,
    enabled: true,
    match: 'all',
    conditions: [],
    actions: [],
    continue: false,
    ...overrides,
  };
}

export function customer(id: string, name: string, owner: string | null): RoutingCustomer {
  return { id: customerId(id), name, ownerId: owner === null ? null : userId(owner) };
}
