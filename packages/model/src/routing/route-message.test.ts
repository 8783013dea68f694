import { describe, expect, it } from 'vitest';
import { mailboxId, userId } from '../ids.ts';
import { routeMessage, type RoutingInput } from './route-message.ts';
import { EMPTY_ROUTING_STATE, type RoutingRule, type RuleCondition } from './rule-types.ts';
import { customer, member, message, rule } from './test-fixtures.ts';

const team = [member('anna', ['eu']), member('bo', ['eu']), member('chen', ['asia'])];

function route(overrides: Partial<RoutingInput>) {
  return routeMessage({
    message: message(),
    customer: null,
    rules: [],
    members: team,
    state: EMPTY_ROUTING_STATE,
    ...overrides,
  });
}

function assignsWhen(condition: RuleCondition) {
  return [rule('r1', { conditions: [condition], actions: [{ kind: 'assign', memberId: userId('chen') }] })];
}

describe('rule conditions', () => {
  const cases: {
    name: string;
    condition: RuleCondition;
    hit: Partial<RoutingInput['message']>;
    miss: Partial<RoutingInput['message']>;
    en: string;
    zh: string;
  }[] = [
    {
      name: 'mailbox',
      condition: { kind: 'mailbox', mailboxIds: [mailboxId('info')] },
      hit: { mailboxId: mailboxId('info') },
      miss: { mailboxId: mailboxId('sales') },
      en: 'rule 1: mailbox info',
      zh: '规则 1：邮箱 info',
    },
    {
      name: 'alias',
      condition: { kind: 'alias', addresses: ['Sales-EU@wharf-valves.cn'] },
      hit: { recipients: ['x@y.com', '<sales-eu@wharf-valves.cn>'] },
      miss: { recipients: ['sales@wharf-valves.cn'] },
      en: 'rule 1: sent to Sales-EU@wharf-valves.cn',
      zh: '规则 1：收件地址 Sales-EU@wharf-valves.cn',
    },
    {
      name: 'sender domain, sub-domains included',
      condition: { kind: 'senderDomain', domains: ['acme.de'] },
      hit: { from: { address: 'hans@einkauf.acme.de' } },
      miss: { from: { address: 'hans@notacme.de' } },
      en: 'rule 1: sender domain acme.de',
      zh: '规则 1：发件人域名 acme.de',
    },
    {
      name: 'sender TLD',
      condition: { kind: 'senderTld', tlds: ['.de', 'at'] },
      hit: { from: { address: 'a@b.at' } },
      miss: { from: { address: 'a@b.com' } },
      en: 'rule 1: sender TLD .at',
      zh: '规则 1：发件人顶级域 .at',
    },
    {
      name: 'sender country',
      condition: { kind: 'senderCountry', countries: ['GB'] },
      hit: { from: { address: 'tom@acme.co.uk' } },
      miss: { from: { address: 'tom@acme.com' } },
      en: 'rule 1: sender country United Kingdom',
      zh: '规则 1：发件人国家 英国',
    },
    {
      name: 'language',
      condition: { kind: 'language', languages: ['de'] },
      hit: { subject: 'Anfrage', text: 'Wir bitten um ein Angebot für Ihre Kugelhähne aus Edelstahl.' },
      miss: { text: 'We would like a quotation for your ball valves.' },
      en: 'rule 1: language German',
      zh: '规则 1：语言 德语',
    },
    {
      name: 'keyword in the subject',
      condition: { kind: 'keyword', keywords: ['urgent', 'dringend'], fields: ['subject'] },
      hit: { subject: 'DRINGEND: Lieferung' },
      miss: { subject: 'Lieferung', text: 'dringend' },
      en: "rule 1: keyword 'dringend'",
      zh: "规则 1：关键词 'dringend'",
    },
    {
      name: 'product list in the body, CJK',
      condition: { kind: 'product', products: ['valve', '阀门'], fields: ['subject', 'body'] },
      hit: { text: '请报不锈钢阀门的价格' },
      miss: { text: '请报不锈钢法兰的价格' },
      en: "rule 1: product keyword '阀门'",
      zh: "规则 1：产品关键词 '阀门'",
    },
    {
      name: 'has attachments',
      condition: { kind: 'hasAttachment' },
      hit: { attachmentNames: ['drawing.pdf'] },
      miss: { attachmentNames: [] },
      en: 'rule 1: has attachments',
      zh: '规则 1：有附件',
    },
    {
      name: 'attachment name pattern',
      condition: { kind: 'attachmentName', patterns: ['PO*.pdf', '*订单*'] },
      hit: { attachmentNames: ['logo.png', '采购订单-2026.xlsx'] },
      miss: { attachmentNames: ['PO-4711.docx'] },
      en: "rule 1: attachment '采购订单-2026.xlsx' matches '*订单*'",
      zh: "规则 1：附件 '采购订单-2026.xlsx' 匹配 '*订单*'",
    },
  ];

  for (const c of cases)
    it(`${c.name}: matches, explains itself, and does not over-match`, () => {
      const hit = route({ message: message(c.hit), rules: assignsWhen(c.condition) }).decision;
      expect(hit).toMatchObject({
        outcome: 'rule',
        assigneeId: 'chen',
        ruleId: 'r1',
        reason: { en: c.en, zh: c.zh },
      });
      const miss = route({ message: message(c.miss), rules: assignsWhen(c.condition) }).decision;
      expect(miss.outcome).toBe('unassigned');
    });

  it("[RT2] 'all' needs every condition, 'any' one of them, and the reason lists what held", () => {
    const conditions: RuleCondition[] = [
      { kind: 'senderTld', tlds: ['de'] },
      { kind: 'product', products: ['valve*'], fields: ['subject'] },
    ];
    const german = message({ from: { address: 'a@acme.de' }, subject: 'Valves DN50' });
    const all = route({
      message: german,
      rules: [rule('r', { conditions, actions: [{ kind: 'tag', tag: 'eu' }] })],
    });
    expect(all.decision.steps[0]).toEqual({
      en: "rule 1: sender TLD .de, product keyword 'valve*'",
      zh: "规则 1：发件人顶级域 .de，产品关键词 'valve*'",
    });
    const french = message({ from: { address: 'a@acme.fr' }, subject: 'Valves DN50' });
    expect(
      route({ message: french, rules: [rule('r', { conditions, actions: [{ kind: 'tag', tag: 'eu' }] })] })
        .decision.tags,
    ).toEqual([]);
    expect(
      route({
        message: french,
        rules: [rule('r', { match: 'any', conditions, actions: [{ kind: 'tag', tag: 'eu' }] })],
      }).decision.tags,
    ).toEqual(['eu']);
  });
});

describe('rule actions and order', () => {
  const valves: RuleCondition = { kind: 'product', products: ['valve'], fields: ['subject', 'body'] };

  it('[RT2] first match wins', () => {
    const rules = [
      rule('a', { conditions: [valves], actions: [{ kind: 'assign', memberId: userId('anna') }] }),
      rule('b', {
        conditions: [valves],
        actions: [
          { kind: 'assign', memberId: userId('bo') },
          { kind: 'tag', tag: 'b' },
        ],
      }),
    ];
    const { decision } = route({ message: message({ subject: 'ball valve' }), rules });
    expect(decision).toMatchObject({ assigneeId: 'anna', ruleId: 'a', tags: [] });
  });

  it("[RT3] 'continue' lets later rules add tags and priority but not reassign", () => {
    const rules = [
      rule('tag-all', {
        actions: [
          { kind: 'tag', tag: 'inbound' },
          { kind: 'priority', priority: 'high' },
        ],
        continue: true,
      }),
      rule('valves', {
        conditions: [valves],
        actions: [{ kind: 'assign', memberId: userId('anna') }],
        continue: true,
      }),
      rule('late', {
        actions: [
          { kind: 'assign', memberId: userId('bo') },
          { kind: 'tag', tag: 'late' },
          { kind: 'priority', priority: 'low' },
        ],
      }),
    ];
    const { decision } = route({ message: message({ subject: 'valve' }), rules });
    expect(decision).toMatchObject({
      assigneeId: 'anna',
      ruleId: 'valves',
      tags: ['inbound', 'late'],
      priority: 'high',
    });
    expect(decision.reason.en).toBe("rule 2: product keyword 'valve'");
    expect(decision.reason.zh).toBe("规则 2：产品关键词 'valve'");
  });

  it('[RT2] skips disabled rules but keeps their number in reasons', () => {
    const rules = [
      rule('off', { enabled: false, actions: [{ kind: 'tag', tag: 'x' }] }),
      rule('on', { actions: [{ kind: 'assign', memberId: userId('bo') }] }),
    ];
    expect(route({ rules }).decision).toMatchObject({
      assigneeId: 'bo',
      reason: { en: 'rule 2: every message' },
    });
  });

  it('[RT3] marks spam, assigns nobody and leaves the round-robin state alone', () => {
    const rules = [
      rule('rr', { actions: [{ kind: 'roundRobin', teamId: 'eu' }], continue: true }),
      rule('spam', {
        conditions: [{ kind: 'keyword', keywords: ['casino'], fields: ['subject'] }],
        actions: [{ kind: 'spam' }],
      }),
    ];
    const result = route({ message: message({ subject: 'Online CASINO bonus' }), rules });
    expect(result.decision).toMatchObject({ outcome: 'spam', spam: true, assigneeId: null, ruleId: 'spam' });
    expect(result.state).toBe(EMPTY_ROUTING_STATE);
  });

  it('[RT4][RT5] round-robin and least-loaded act within the team', () => {
    const rr = route({ rules: [rule('r', { actions: [{ kind: 'roundRobin', teamId: 'eu' }] })] });
    expect(rr.decision.assigneeId).toBe('anna');
    expect(rr.decision.steps).toContainEqual({
      en: 'round-robin in team eu → Anna',
      zh: '团队 eu 轮流分配 → Anna',
    });
    expect(rr.state.roundRobin).toEqual({ eu: 'anna' });
    const busy = [member('anna', ['eu'], { openThreads: 9 }), member('bo', ['eu'], { openThreads: 2 })];
    const named = route({
      teams: [{ id: 'eu', name: 'EU 销售' }],
      rules: [rule('r', { actions: [{ kind: 'roundRobin', teamId: 'eu' }] })],
    });
    expect(named.decision.steps).toContainEqual({
      en: 'round-robin in team EU 销售 → Anna',
      zh: '团队 EU 销售 轮流分配 → Anna',
    });
    const ll = route({
      members: busy,
      rules: [rule('r', { actions: [{ kind: 'leastLoaded', teamId: 'eu' }] })],
    });
    expect(ll.decision.assigneeId).toBe('bo');
    expect(ll.decision.steps).toContainEqual({
      en: 'least loaded in team eu → Bo (2 open)',
      zh: '团队 eu 中负载最低 → Bo（2 个未结）',
    });
    expect(ll.state.loads).toEqual({ bo: 3 });
  });

  it('[RT2] falls through to later rules when a team has nobody available', () => {
    const away = [
      member('anna', ['eu'], { outOfOffice: true }),
      member('bo', ['eu'], { active: false }),
      member('chen', ['asia']),
    ];
    const rules = [
      rule('eu', {
        actions: [
          { kind: 'roundRobin', teamId: 'eu' },
          { kind: 'tag', tag: 'eu' },
        ],
      }),
      rule('fallback', { actions: [{ kind: 'assign', memberId: userId('chen') }] }),
    ];
    const { decision } = route({ members: away, rules });
    expect(decision).toMatchObject({ assigneeId: 'chen', ruleId: 'fallback', tags: ['eu'] });
    expect(decision.steps).toContainEqual({
      en: 'nobody in team eu is available',
      zh: '团队 eu 中没有可分配的成员',
    });
  });

  it('[RT2] stops at a rule whose second assignment action succeeded after the first found nobody', () => {
    const away = [member('anna', ['eu'], { outOfOffice: true }), member('chen', ['asia'])];
    const rules = [
      rule('r', {
        actions: [
          { kind: 'roundRobin', teamId: 'eu' },
          { kind: 'leastLoaded', teamId: 'asia' },
        ],
      }),
      rule('later', { actions: [{ kind: 'tag', tag: 'later' }] }),
    ];
    expect(route({ members: away, rules }).decision).toMatchObject({
      assigneeId: 'chen',
      ruleId: 'r',
      tags: [],
    });
  });

  it('[RT7] leaves unmatched mail unassigned and says so', () => {
    const rules = [
      rule('r', { conditions: [valves], actions: [{ kind: 'assign', memberId: userId('anna') }] }),
    ];
    const { decision, state } = route({ message: message({ subject: 'Hello' }), rules });
    expect(decision).toMatchObject({ outcome: 'unassigned', assigneeId: null, ruleId: null });
    expect(decision.reason).toEqual({ en: 'no rule matched: unassigned', zh: '没有匹配的规则：未分配' });
    expect(state).toBe(EMPTY_ROUTING_STATE);
  });

  it('does not assign to an inactive member by name', () => {
    const rules = [rule('r', { actions: [{ kind: 'assign', memberId: userId('gone') }] })];
    expect(route({ rules }).decision.outcome).toBe('unassigned');
  });
});

describe('ownership first', () => {
  const acme = customer('acme', 'Acme GmbH', 'bo');
  const rules: RoutingRule[] = [
    rule('valves', {
      conditions: [{ kind: 'product', products: ['valve'], fields: ['subject'] }],
      actions: [
        { kind: 'assign', memberId: userId('anna') },
        { kind: 'tag', tag: 'valves' },
        { kind: 'priority', priority: 'high' },
      ],
    }),
  ];

  it("[RT1] sends a known customer's mail to the owner even when a rule would assign it elsewhere", () => {
    const { decision, state } = route({ message: message({ subject: 'valve' }), customer: acme, rules });
    expect(decision).toMatchObject({
      outcome: 'owner',
      assigneeId: 'bo',
      ruleId: null,
      tags: ['valves'],
      priority: 'high',
    });
    expect(decision.reason).toEqual({ en: 'owner of customer Acme GmbH', zh: '客户 Acme GmbH 的负责人' });
    expect(state.loads).toEqual({ bo: 1 });
  });

  it('[RT1] keeps ownership while the owner is out of office', () => {
    const members = [member('anna'), member('bo', [], { outOfOffice: true })];
    const { decision } = route({ customer: acme, rules, members, message: message({ subject: 'valve' }) });
    expect(decision).toMatchObject({
      assigneeId: 'bo',
      reason: { en: 'owner of customer Acme GmbH (out of office)' },
    });
  });

  it('[RT1] lets the rules decide when the owner is inactive', () => {
    const members = [member('anna'), member('bo', [], { active: false })];
    const { decision } = route({ customer: acme, rules, members, message: message({ subject: 'valve' }) });
    expect(decision).toMatchObject({ outcome: 'rule', assigneeId: 'anna', ruleId: 'valves' });
    expect(decision.steps[0]).toEqual({
      en: 'owner Bo of customer Acme GmbH is inactive: rules decide',
      zh: '客户 Acme GmbH 的负责人 Bo 已停用：按规则分配',
    });
  });

  it('[RT3] never lets a rule mark a known customer as spam', () => {
    const spam = [rule('spam', { actions: [{ kind: 'spam' }] })];
    expect(route({ customer: acme, rules: spam }).decision).toMatchObject({
      outcome: 'owner',
      spam: false,
      assigneeId: 'bo',
    });
  });

  it('treats a customer without an owner like anyone else', () => {
    const { decision } = route({
      customer: customer('x', 'X Ltd', null),
      rules,
      message: message({ subject: 'valve' }),
    });
    expect(decision).toMatchObject({ outcome: 'rule', assigneeId: 'anna' });
  });
});
