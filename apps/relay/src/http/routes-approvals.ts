// Approving outgoing mail (model SPEC [AP2]). Yjs cannot stop a member from writing an "approved"
// row into a thread doc they may edit, so the decision that counts lives here, in the relay's own
// database, written only by this route after checking the caller's role and mailbox access. The
// route also writes the decision into the thread doc (as the approver, built on the stored state
// like every relay write) so the team sees it; the mail bridge asks `decisionOf` before sending.
//
// POST /api/threads/:mailboxId/:threadId/outbox/:outboxId/decision {decision, revision, note?}
//   admin or manager with access to the mailbox; the revision must be the entry's current one.
// GET /api/outbox/:outboxId/decision   services only (a bridge running as its own process).
import type { DatabaseSync } from 'node:sqlite';
import * as Y from 'yjs';
import { Hono } from 'hono';
import {
  canReadMailbox,
  docName,
  entryRevision,
  isValidId,
  mailboxId as toMailboxId,
  outboxPhase,
  recordApproval,
  threadId as toThreadId,
  threadMaps,
  userActor,
  type MailboxId,
  type ModelDeps,
} from '@wharf/model';
import { principalOf } from '../auth/index.ts';
import { HttpError } from './errors.ts';
import { currentUser, requireRole, type RelayEnv } from './guard.ts';
import type { HandOverStore } from './hand-over-member.ts';
import * as v from './validate.ts';

export interface ApprovalRecord {
  outboxId: string;
  revision: string;
  decision: 'approved' | 'rejected';
  by: string;
  at: number;
}

export interface ApprovalStore {
  decisionOf(outboxId: string): ApprovalRecord | undefined;
  record(decision: ApprovalRecord): void;
}

export function createApprovalStore(db: DatabaseSync): ApprovalStore {
  db.exec(`CREATE TABLE IF NOT EXISTS outbox_decisions (
    outbox_id TEXT PRIMARY KEY, revision TEXT NOT NULL, decision TEXT NOT NULL, by TEXT NOT NULL, at INTEGER NOT NULL
  )`);
  const get = db.prepare('SELECT * FROM outbox_decisions WHERE outbox_id = ?');
  const put = db.prepare(
    `INSERT INTO outbox_decisions (outbox_id, revision, decision, by, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (outbox_id) DO UPDATE SET revision = excluded.revision, decision = excluded.decision,
     by = excluded.by, at = excluded.at`,
  );
  return {
    decisionOf(outboxId) {
      const row = get.get(outboxId);
      return row
        ? {
            outboxId,
            revision: row.revision as string,
            decision: row.decision as 'approved' | 'rejected',
            by: row.by as string,
            at: row.at as number,
          }
        : undefined;
    },
    record(d) {
      put.run(d.outboxId, d.revision, d.decision, d.by, d.at);
    },
  };
}

export interface ApprovalRouteDeps {
  approvals: ApprovalStore;
  store: HandOverStore;
  model: ModelDeps;
}

const DECISIONS = { approve: 'approved', reject: 'rejected' } as const;

export function approvalRoutes(deps: ApprovalRouteDeps): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();
  // one decision at a time, so each builds on the stored state the previous one published
  let queue: Promise<unknown> = Promise.resolve();

  app.post(
    '/threads/:mailboxId/:threadId/outbox/:outboxId/decision',
    requireRole('admin', 'manager'),
    async (c) => {
      const { mailboxId, threadId, outboxId } = c.req.param();
      if (![mailboxId, threadId, outboxId].every((id) => isValidId(id))) throw new HttpError('not_found');
      const caller = c.get('caller')!;
      if (!canReadMailbox(principalOf(caller), mailboxId as MailboxId)) throw new HttpError('forbidden');
      const body = await v.readJson(c);
      const choice = v.text(body, 'decision', 16);
      if (choice !== 'approve' && choice !== 'reject')
        throw new HttpError(
          'invalid_input',
          'decision must be "approve" or "reject". decision 必须是 approve 或 reject',
        );
      const revision = v.text(body, 'revision', 128);
      const user = currentUser(c);
      const run = async () => {
        const name = docName({
          kind: 'thread',
          mailboxId: toMailboxId(mailboxId),
          threadId: toThreadId(threadId),
        });
        const doc = new Y.Doc();
        try {
          Y.applyUpdate(doc, await deps.store.load(name));
          const before = Y.encodeStateVector(doc);
          const entry = threadMaps(doc).outbox.get(outboxId);
          if (!entry) throw new HttpError('not_found');
          // not the doc's phase: an approval row forged into the doc must not make the real
          // decision impossible
          const info = outboxPhase(threadMaps(doc), entry, deps.model.now());
          if (entryRevision(entry) !== revision)
            throw new HttpError(
              'invalid_input',
              'the message was edited since you read it: look at it again. 邮件在您查看后已被修改，请重新查看',
            );
          if (info.status !== 'queued' || !info.needsApproval)
            throw new HttpError(
              'invalid_input',
              'this message is not waiting for approval. 此邮件不在等待审批',
            );
          const decision = DECISIONS[choice];
          // the record that counts first: a crash after it leaves the doc to be written again
          deps.approvals.record({ outboxId, revision, decision, by: user.id, at: deps.model.now() });
          recordApproval(
            doc,
            { outboxId: entry.id, revision, decision, by: user.id },
            { deps: deps.model, actor: userActor(user.id) },
          );
          await deps.store.publish(name, Y.encodeStateAsUpdate(doc, before));
          return { outboxId, revision, decision };
        } finally {
          doc.destroy();
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return c.json(await result);
    },
  );

  app.get('/outbox/:outboxId/decision', (c) => {
    const caller = c.get('caller');
    if (!caller) throw new HttpError('unauthenticated');
    if (caller.kind !== 'service') throw new HttpError('forbidden');
    const record = deps.approvals.decisionOf(c.req.param('outboxId'));
    return record
      ? c.json(record)
      : c.json({ error: { code: 'not_found', message: 'Not found. 未找到' } }, 404);
  });

  return app;
}
