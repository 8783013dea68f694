// The periodic SLA check (model SPEC [SL3], [SL4]). The bridge runs it because it is the one
// always-on service client that already holds the docs: every `intervalMs` of its clock it reads
// the hot bucket of each mailbox and the workspace's policies, asks the model which alerts are due
// (`planSlaNotifications`), reads the ledger of the threads concerned, appends each alert to its
// recipients' user docs (append-only access), waits for the relay's acknowledgement, and only then
// records the alerts in the thread's ledger. A crash in between sends the same notification ids
// again: one row each, so every alert reaches each recipient exactly once.
import type * as Y from 'yjs';
import {
  BRIDGE_ACTOR,
  docName,
  HOT_BUCKET,
  indexRows,
  mailboxId as toMailboxId,
  notifySla,
  planSlaNotifications,
  recordSlaAlerts,
  slaAlertsSent,
  workspaceTable,
  type MailboxId,
  type ModelDeps,
  type SlaAlertKind,
  type ThreadId,
} from '@wharf/model';
import type { Timers } from '../imap/mailbox-sync.ts';
import type { DocRegistry } from './doc-registry.ts';
import { allAcknowledged, docSynced } from './wait.ts';

export interface SlaCheckerDeps {
  docs: DocRegistry;
  model: ModelDeps;
  timers: Timers;
  /** The mailboxes to watch (the bridge's active ones). */
  mailboxes: () => readonly string[];
  /** Default one minute: targets are counted in working minutes. */
  intervalMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface SlaChecker {
  start(): void;
  stop(): Promise<void>;
  /** One check now (waits for a running one first); resolves to the notifications sent. */
  check(): Promise<number>;
}

const SYNC_TIMEOUT_MS = 30_000;
/**
 * Threads whose ledger one check may open. After a restart every old unanswered thread is a
 * candidate until its ledger is read; this spreads those reads over a few checks.
 */
const MAX_THREADS_PER_CHECK = 100;

export function createSlaChecker(deps: SlaCheckerDeps): SlaChecker {
  const { docs, timers } = deps;
  const ctx = { deps: deps.model, actor: BRIDGE_ACTOR };
  /** The ledgers read so far: a thread's ledger only grows, so a cached copy is never wrong, only short. */
  const ledgers = new Map<string, Set<SlaAlertKind>>();
  /** Append-only user docs, one per recipient for the process (each new Y.Doc is a new client id). */
  const userDocs = new Map<string, Y.Doc>();
  let timer: unknown;
  let running: Promise<number> | undefined;
  let started = false;

  const held = async (names: readonly string[], fn: (get: (name: string) => Y.Doc) => Promise<number>) => {
    const map = new Map(names.map((name) => [name, docs.acquire(name)]));
    try {
      await Promise.all(names.map((name) => docSynced(docs.client, timers, name, SYNC_TIMEOUT_MS)));
      return await fn((name) => map.get(name)!);
    } finally {
      for (const name of names) docs.release(name);
    }
  };

  const userDoc = (userId: string) => {
    let doc = userDocs.get(userId);
    if (!doc) userDocs.set(userId, (doc = docs.acquire(`user/${userId}`)));
    return doc;
  };

  const threadName = (mailboxId: MailboxId, threadId: ThreadId) =>
    docName({ kind: 'thread', mailboxId, threadId });

  async function checkOnce(): Promise<number> {
    const mailboxes = deps.mailboxes().map(toMailboxId);
    const indexNames = mailboxes.map((mailboxId) =>
      docName({ kind: 'index', mailboxId, bucket: HOT_BUCKET }),
    );
    return held(['workspace', ...indexNames], async (get) => {
      const workspace = get('workspace');
      const input = (now: number) => ({
        rows: indexNames.flatMap((name) => [...indexRows(get(name)).values()]),
        policies: [...workspaceTable(workspace, 'slaPolicies').values()],
        members: [...workspaceTable(workspace, 'members').values()],
        now,
        sent: (mailboxId: MailboxId, threadId: ThreadId) => ledgers.get(threadName(mailboxId, threadId)),
      });
      const now = deps.model.now();
      const candidates = planSlaNotifications(input(now));
      if (candidates.length === 0) return 0;
      const threads = [...new Set(candidates.map((plan) => threadName(plan.mailboxId, plan.threadId)))].slice(
        0,
        MAX_THREADS_PER_CHECK,
      );
      const opened = new Set(threads);
      return held(threads, async (thread) => {
        for (const name of threads) ledgers.set(name, slaAlertsSent(thread(name)));
        const plans = planSlaNotifications(input(now)).filter((plan) =>
          opened.has(threadName(plan.mailboxId, plan.threadId)),
        );
        let sent = 0;
        for (const plan of plans)
          for (const recipient of plan.recipients) {
            notifySla(
              userDoc(recipient),
              { alert: plan.kind, mailboxId: plan.mailboxId, threadId: plan.threadId, dueAt: plan.dueAt },
              ctx,
            );
            sent += 1;
          }
        await allAcknowledged(docs.client, timers, SYNC_TIMEOUT_MS);
        for (const plan of plans) {
          const name = threadName(plan.mailboxId, plan.threadId);
          recordSlaAlerts(thread(name), [plan.kind], ctx);
          ledgers.set(name, slaAlertsSent(thread(name)));
        }
        await allAcknowledged(docs.client, timers, SYNC_TIMEOUT_MS);
        return sent;
      });
    });
  }

  const check = (): Promise<number> => {
    const next = (running ?? Promise.resolve(0)).catch(() => 0).then(checkOnce);
    const settled = next.finally(() => {
      if (running === settled) running = undefined;
    });
    running = settled;
    return next;
  };

  const schedule = () => {
    if (!started) return;
    timer = timers.setTimeout(() => {
      void check()
        .catch((error: unknown) => deps.log?.('SLA check failed', error))
        .finally(schedule);
    }, deps.intervalMs ?? 60_000);
  };

  return {
    start() {
      if (started) return;
      started = true;
      schedule();
    },
    async stop() {
      started = false;
      timers.clearTimeout(timer);
      await running?.catch(() => 0);
      for (const userId of userDocs.keys()) docs.release(`user/${userId}`);
      userDocs.clear();
    },
    check,
  };
}
