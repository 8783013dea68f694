import { describe, expect, it } from 'vitest';
import { BRIDGE_ACTOR } from '../deps.ts';
import { userId } from '../ids.ts';
import { createNetwork, manualClock, testDeps } from '../testing/index.ts';
import { putWorkspaceRow } from '../workspace-doc/workspace-doc.ts';
import { isOutOfOffice, setOutOfOffice } from './absences.ts';
import { workspaceRouting } from './workspace-routing.ts';

const bea = userId('bea');

describe('out of office', () => {
  it('[RT12] [RT4] toggles on and off; routing sees the member away only while on', () => {
    const clock = manualClock();
    const ctx = { deps: testDeps('m', clock), actor: BRIDGE_ACTOR };
    const net = createNetwork();
    const doc = net.peer('a').doc('workspace');
    putWorkspaceRow(
      doc,
      'members',
      { id: bea, name: 'Bea', email: 'bea@x.test', role: 'member', active: true },
      ctx,
    );
    expect(setOutOfOffice(doc, bea, false, ctx)).toBe(false);
    expect(setOutOfOffice(doc, bea, true, ctx)).toBe(true);
    expect(setOutOfOffice(doc, bea, true, ctx)).toBe(false);
    expect(isOutOfOffice(doc, bea, clock.now())).toBe(true);
    expect(workspaceRouting(doc, { now: clock.now(), openThreads: {} }).members[0]?.outOfOffice).toBe(true);
    clock.advance(60_000);
    expect(setOutOfOffice(doc, bea, false, ctx)).toBe(true);
    expect(isOutOfOffice(doc, bea, clock.now())).toBe(false);
    // Switching off keeps the absence as history: it covered the minute before.
    expect(isOutOfOffice(doc, bea, clock.now() - 30_000)).toBe(true);
  });

  it('[RT12] a concurrent on and off converge to one answer on every peer', () => {
    const clock = manualClock();
    const ctx = { deps: testDeps('m', clock), actor: BRIDGE_ACTOR };
    const net = createNetwork();
    const [a, b] = [net.peer('a').doc('workspace'), net.peer('b').doc('workspace')];
    setOutOfOffice(a, bea, true, ctx);
    net.flush();
    clock.advance(1_000);
    setOutOfOffice(a, bea, false, ctx);
    setOutOfOffice(b, bea, true, ctx);
    net.flush();
    expect(isOutOfOffice(a, bea, clock.now())).toBe(isOutOfOffice(b, bea, clock.now()));
  });
});
