import { describe, expect, it } from 'vitest';
import { slaAlerts, type SlaAlertKind, type SlaAlertPolicy } from './sla-alerts.ts';
import type { WorkingHours } from './working-hours.ts';

const spans = [{ start: '09:00', end: '18:00' }];
const hours: WorkingHours = {
  timeZone: 'Asia/Shanghai',
  week: { mon: spans, tue: spans, wed: spans, thu: spans, fri: spans },
};
const policy: SlaAlertPolicy = { firstReplyMinutes: 120, dueSoonMinutes: 30, escalateAfterMinutes: 60 };
const thread = {
  receivedAt: Date.parse('2026-11-27T17:00:00+08:00'),
  firstReplyAt: null,
  subject: 'RFQ valves',
};
const at = (iso: string) => Date.parse(iso);

describe('slaAlerts', () => {
  it('[SL3] warns the assignee, then reports overdue, then escalates after working time only', () => {
    const sent = new Set<SlaAlertKind>();
    const tick = (iso: string) => {
      const alerts = slaAlerts(thread, policy, at(iso), hours, sent);
      for (const alert of alerts) sent.add(alert.kind);
      return alerts.map((alert) => `${alert.kind}→${alert.to}`);
    };
    expect(tick('2026-11-27T17:30:00+08:00')).toEqual([]);
    expect(tick('2026-11-30T09:40:00+08:00')).toEqual(['due-soon→assignee']);
    expect(tick('2026-11-30T09:50:00+08:00')).toEqual([]);
    expect(tick('2026-11-30T10:30:00+08:00')).toEqual(['overdue→assignee']);
    expect(tick('2026-11-30T10:59:00+08:00')).toEqual([]);
    expect(tick('2026-11-30T11:00:00+08:00')).toEqual(['escalated→managers']);
    expect(tick('2026-12-01T11:00:00+08:00')).toEqual([]);
  });

  it('does not escalate over a weekend of non-working time alone', () => {
    // Due Friday 17:30; by Sunday only 30 working minutes have passed since.
    const friday = { ...thread, receivedAt: at('2026-11-27T15:30:00+08:00') };
    const alerts = slaAlerts(friday, policy, at('2026-11-29T12:00:00+08:00'), hours, new Set());
    expect(alerts.map((a) => a.kind)).toEqual(['overdue']);
  });

  it('sends every alert a late first check finds, in order, bilingual', () => {
    const alerts = slaAlerts(thread, policy, at('2026-12-02T12:00:00+08:00'), hours, new Set());
    expect(alerts.map((a) => a.kind)).toEqual(['overdue', 'escalated']);
    expect(alerts[0]!.reason).toEqual({
      en: "first reply to 'RFQ valves' is overdue",
      zh: "'RFQ valves' 的首次回复已超时",
    });
  });

  it('is silent once replied, and never escalates without a policy for it', () => {
    expect(
      slaAlerts(
        { ...thread, firstReplyAt: at('2026-11-30T12:00:00+08:00') },
        policy,
        at('2026-12-02T12:00:00+08:00'),
        hours,
        new Set(),
      ),
    ).toEqual([]);
    const noEscalation = { firstReplyMinutes: 120, dueSoonMinutes: 30 };
    expect(
      slaAlerts(thread, noEscalation, at('2026-12-02T12:00:00+08:00'), hours, new Set()).map((a) => a.kind),
    ).toEqual(['overdue']);
  });
});
