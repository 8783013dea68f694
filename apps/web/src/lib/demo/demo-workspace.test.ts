// The demo written into plain docs at a fixed clock: what a visitor should see is there (routed
// threads with their reasons, customers with owners and a non-empty timeline, something due,
// overdue threads, rules) and two runs with the same clock and ids write the same docs.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  collectRows,
  customerList,
  customerView,
  docName,
  dueItems,
  HOT_BUCKET,
  notificationsView,
  putWorkspaceRow,
  rowSlaStatus,
  threadView,
  userActor,
  userId,
  workspaceView,
  type SlaPolicyRow,
} from '@wharf/model';
import { manualClock, stableJson, testDeps } from '@wharf/model/testing';
import { ANNA, CARLOS, DEMO_MAILBOX, LI_NA } from './demo-data.ts';
import { demoDocNames, writeDemoWorkspace } from './demo-workspace.ts';

const me = { id: userId('u-wang'), name: 'Wang Fang' };
// A Monday afternoon in Ningbo (06:00 UTC = 14:00 Asia/Shanghai).
const NOW = Date.UTC(2026, 10, 23, 6, 0);

function written() {
  const docs = new Map(demoDocNames(me.id).map((name) => [name, new Y.Doc()]));
  const clock = manualClock(NOW);
  // The relay mirrors the signed-in member into the workspace doc before the demo is loaded.
  putWorkspaceRow(
    docs.get(docName({ kind: 'workspace' }))!,
    'members',
    { ...me, email: 'wang@ningbo.example', role: 'admin', active: true },
    { deps: testDeps('relay', clock), actor: userActor(me.id) },
  );
  const count = writeDemoWorkspace(
    (name) => {
      const doc = docs.get(name);
      if (!doc) throw new Error(`not opened: ${name}`);
      return doc;
    },
    me,
    { deps: testDeps('demo', clock), actor: userActor(me.id) },
  );
  const get = (name: string) => docs.get(name)!;
  return { docs, count, get };
}

const hotRows = (get: (name: string) => Y.Doc) =>
  collectRows([
    { bucket: HOT_BUCKET, doc: get(docName({ kind: 'index', mailboxId: DEMO_MAILBOX, bucket: HOT_BUCKET })) },
  ]);

const thread = (get: (name: string) => Y.Doc, id: string) =>
  threadView(get(docName({ kind: 'thread', mailboxId: DEMO_MAILBOX, threadId: id as never })), NOW);

describe('demo workspace', () => {
  it('routes every inquiry by owner, rule or not at all, and says why', () => {
    const { get, count } = written();
    const rows = hotRows(get);
    expect(rows).toHaveLength(count);
    const assignee = (id: string) => rows.find((row) => row.threadId === id)?.assignee ?? null;
    expect(assignee('anfrage-kugelhaehne')).toBe(ANNA);
    expect(assignee('devis-vannes')).toBe(ANNA);
    expect(assignee('yangpin-qiufa')).toBe(LI_NA);
    expect(assignee('mitsumori-valve')).toBe(LI_NA);
    expect(assignee('cotizacion-valvulas')).toBe(CARLOS);
    expect(assignee('orcamento-conexoes')).toBe(CARLOS);
    // Owner first: a new address at a known company, and a free-mail address linked by hand.
    expect(assignee('price-butterfly')).toBe(me.id);
    expect(assignee('contract-brass')).toBe(me.id);
    // Earlier mail of a customer that now has an owner was given to the owner.
    expect(assignee('rfq-butterfly')).toBe(me.id);
    expect(assignee('damage-claim')).toBe(ANNA);
    expect(
      rows
        .filter((row) => row.assignee === null)
        .map((row) => row.threadId)
        .sort(),
    ).toEqual(['lc-discrepancy', 'usloviya-oplaty', 'zapros-fitingi']);
    expect(thread(get, 'anfrage-kugelhaehne')?.routing?.reason.en).toBe("rule 1: keyword 'Kugelhähne'");
    expect(thread(get, 'contract-brass')?.routing?.reason.en).toMatch(/owner/i);
  });

  it('has customers with owners, stages and timelines, and something due for the visitor', () => {
    const { get } = written();
    const index = get(docName({ kind: 'customers' }));
    const list = customerList(index);
    expect(list.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Gulf Pipes Trading LLC', 'Armaturen Becker GmbH', '深圳流体设备有限公司']),
    );
    const gulf = list.find((c) => c.name === 'Gulf Pipes Trading LLC')!;
    expect(gulf).toMatchObject({ ownerId: me.id, grade: 'A', stage: 'negotiation' });
    const card = customerView(get(docName({ kind: 'customer', customerId: gulf.id })));
    expect(Object.keys(card.threads)).toHaveLength(2);
    const aqua = list.find((c) => c.name === 'Aqua Fittings Pvt Ltd')!;
    expect(aqua.addresses).toContain('priya.nair.home@gmail.com');
    expect(dueItems(index, me.id, NOW).length).toBeGreaterThanOrEqual(1);
  });

  it('sets rules, an SLA policy that marks old unanswered threads, an approval rule and a mention', () => {
    const { get } = written();
    const workspace = workspaceView(get(docName({ kind: 'workspace' })));
    expect(workspace.routingRules).toHaveLength(3);
    expect(workspace.approvalRules.map((r) => r.id)).toEqual(['demo-final-contract']);
    const rows = hotRows(get);
    const policies = workspace.slaPolicies as unknown as SlaPolicyRow[];
    const overdue = rows.filter((row) => rowSlaStatus(row, policies, NOW) === 'overdue');
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    expect(overdue.map((row) => row.threadId)).not.toContain('damage-claim'); // answered
    const notifications = notificationsView(get(docName({ kind: 'user', userId: me.id })));
    expect(notifications.items).toMatchObject([{ kind: 'mention', by: ANNA }]);
  });

  it('leaves a contract awaiting approval and a discount offer scheduled in the outbox', () => {
    const { get } = written();
    expect(thread(get, 'contract-brass')?.outbox.map((entry) => entry.phase)).toEqual(['awaiting-approval']);
    expect(thread(get, 'price-butterfly')?.outbox.map((entry) => entry.phase)).toEqual(['scheduled']);
  });

  it('writes the same docs for the same clock and ids', () => {
    const state = (docs: Map<string, Y.Doc>) =>
      stableJson([...docs].map(([name, doc]) => [name, doc.toJSON()]));
    expect(state(written().docs)).toBe(state(written().docs));
  });
});
