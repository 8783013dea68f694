// The relay routes the team page uses beyond the member list: out of office and hand-over.
import type { Reason } from '@wharf/model';
import { call } from '../api/relay-api.ts';

export interface HandOverCounts {
  customers: number;
  threads: number;
  tasks: number;
  snoozes: number;
  drafts: number;
  outbox: number;
}

export interface HandOverAnswer {
  dryRun: boolean;
  summary: Reason;
  warnings: Reason[];
  planned: HandOverCounts;
  /** What moved (null for a dry run). */
  moved: (Omit<HandOverCounts, 'snoozes'> & { skipped: number }) | null;
  outboxInFlight: string[];
  member: { id: string; name: string; active: boolean };
}

export const teamApi = {
  setOutOfOffice: async (memberId: string, away: boolean) =>
    (
      await call<{ member: { id: string; away: boolean } }>(
        `/api/members/${encodeURIComponent(memberId)}/out-of-office`,
        { method: 'PUT', json: { away } },
      )
    ).member,
  handOver: (from: string, to: string, dryRun: boolean) =>
    call<HandOverAnswer>(`/api/members/${encodeURIComponent(from)}/hand-over`, { json: { to, dryRun } }),
};
