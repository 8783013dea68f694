import { describe, expect, it } from 'vitest';
import { BRIDGE_ACTOR } from '../deps.ts';
import { userId } from '../ids.ts';
import { threadView } from '../projections/thread-view.ts';
import { createNetwork, manualClock, messageRef, testDeps, threadStart } from '../testing/index.ts';
import { addMessages } from './messages.ts';
import { routeNewThread, type ThreadRoutingDecision } from './route-thread.ts';

const clock = manualClock();
const decision = (assignee: string, ruleId: string): ThreadRoutingDecision => ({
  outcome: 'rule',
  assigneeId: userId(assignee),
  ruleId,
  tags: [ruleId],
  priority: null,
  spam: false,
  reason: { en: `rule ${ruleId}`, zh: `规则 ${ruleId}` },
  steps: [],
});

describe('routeNewThread', () => {
  it('[RT8] two writers routing one thread concurrently converge to one decision and its assignee', () => {
    const net = createNetwork();
    const [a, b] = [net.peer('a'), net.peer('b')];
    addMessages(a.doc('t'), threadStart(), [messageRef('m1')], {
      deps: testDeps('x', clock),
      actor: BRIDGE_ACTOR,
    });
    net.flush();
    routeNewThread(
      a.doc('t'),
      { decision: decision('ann', 'r1'), customerId: null },
      {
        deps: testDeps('a', clock),
        actor: BRIDGE_ACTOR,
      },
    );
    routeNewThread(
      b.doc('t'),
      { decision: decision('ben', 'r2'), customerId: null },
      {
        deps: testDeps('b', clock),
        actor: BRIDGE_ACTOR,
      },
    );
    net.flush();
    const [va, vb] = [threadView(a.doc('t'), 0)!, threadView(b.doc('t'), 0)!];
    expect(va).toEqual(vb);
    // The same writer wins both registers, so the recorded reason names the actual assignee.
    expect(va.assignee).toBe(va.routing?.assigneeId);
    expect(va.activity.filter((entry) => entry.action.type === 'routed')).toHaveLength(2);
  });
});
