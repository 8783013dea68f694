// A realistic demo workspace to try Wharf without connecting a mailbox (issue 4): one "Demo"
// mailbox, colleagues, routing rules, an SLA policy and an approval rule, then the inquiries of
// `demo-data.ts` arriving and routed the way the mail bridge routes them (`routeArrival`), the
// customers they create worked on by the team (owners, grades, stages, follow-ups, tasks, an address
// linked by hand) and an internal discussion with an @mention. Every write is a model operation;
// clock and ids come from the caller's context, so a fixed clock and id source give the same docs.
import type * as Y from 'yjs';
import {
  addComment,
  addCustomerTask,
  addMessages,
  addTag,
  approvalReasons,
  assignThread,
  BRIDGE_ACTOR,
  candidateCustomerIds,
  contactIdFor,
  currentAssignee,
  customerView,
  docName,
  HOT_BUCKET,
  messageId,
  messageSummaryFromRef,
  mergedInto,
  notifyMention,
  putContact,
  putWorkspaceRow,
  queueOutbox,
  repairCustomerRow,
  routeArrival,
  saveMailboxSlaPolicy,
  saveRoutingRules,
  senderCustomerIds,
  setCustomerFields,
  setCustomerStage,
  threadMaps,
  threadView,
  threadId as toThreadId,
  userActor,
  workspaceView,
  type CustomerId,
  type MessageRef,
  type OpContext,
  type ThreadOpContext,
  type UserId,
} from '@wharf/model';
import {
  ANNA,
  DEMO_ADDRESS,
  DEMO_APPROVAL_RULE,
  DEMO_CUSTOMERS,
  DEMO_MAILBOX,
  DEMO_MEMBERS,
  DEMO_RULES,
  DEMO_SLA,
  DEMO_THREADS,
  EARLIER_THREADS,
  LATER_THREADS,
  LI_NA,
  LINKED_FREE_MAIL,
  type DemoCustomer,
  type DemoThread,
} from './demo-data.ts';

export { DEMO_MAILBOX } from './demo-data.ts';

const HOUR = 3_600_000;

/** Who loads the demo: they own some customers, get tasks and are @mentioned. */
export interface DemoUser {
  id: UserId;
  name: string;
}

const threadDocName = (id: string) =>
  docName({ kind: 'thread', mailboxId: DEMO_MAILBOX, threadId: toThreadId(id) });
const customerDocName = (customerId: CustomerId) => docName({ kind: 'customer', customerId });

/**
 * Every doc the demo writes, so the caller can open (and sync) them first: the customers are the
 * senders' candidate docs, the ones routing creates or finds (a hand-linked address resolves to a
 * company whose own sender is in the list too).
 */
export function demoDocNames(me: UserId): string[] {
  const customers = new Set<CustomerId>();
  for (const thread of DEMO_THREADS)
    for (const message of thread.messages)
      if (message.direction !== 'out')
        for (const id of candidateCustomerIds(message.from.address)) customers.add(id);
  return [
    docName({ kind: 'workspace' }),
    docName({ kind: 'index', mailboxId: DEMO_MAILBOX, bucket: HOT_BUCKET }),
    docName({ kind: 'customers' }),
    docName({ kind: 'user', userId: me }),
    ...DEMO_THREADS.map((thread) => threadDocName(thread.id)),
    ...[...customers].sort().map(customerDocName),
  ];
}

/** Writes the demo into docs the caller opened (`demoDocNames`); returns the number of threads. */
export function writeDemoWorkspace(doc: (name: string) => Y.Doc, me: DemoUser, ctx: OpContext): number {
  const workspace = doc(docName({ kind: 'workspace' }));
  const customers = doc(docName({ kind: 'customers' }));
  const index = () => doc(docName({ kind: 'index', mailboxId: DEMO_MAILBOX, bucket: HOT_BUCKET }));
  const now = ctx.deps.now();
  const mine: ThreadOpContext = { ...ctx, index };
  const asBridge: ThreadOpContext = { ...ctx, actor: BRIDGE_ACTOR, index };

  putWorkspaceRow(
    workspace,
    'mailboxes',
    { id: DEMO_MAILBOX, address: DEMO_ADDRESS, displayName: 'Demo · 演示', sendAs: [] },
    ctx,
  );
  for (const member of DEMO_MEMBERS) putWorkspaceRow(workspace, 'members', member, ctx);
  saveRoutingRules(workspace, DEMO_RULES, ctx);
  saveMailboxSlaPolicy(workspace, DEMO_MAILBOX, DEMO_SLA, ctx);
  putWorkspaceRow(workspace, 'approvalRules', DEMO_APPROVAL_RULE, ctx);

  /** The mail bridge's part: the messages, then one routing decision for the new thread. */
  const arrive = (thread: DemoThread) => {
    const threadId = toThreadId(thread.id);
    const threadDoc = doc(threadDocName(thread.id));
    const refs = thread.messages.map((message, i): MessageRef => {
      const out = message.direction === 'out';
      const counterpart = out ? thread.messages[0].from : { name: 'Demo', address: DEMO_ADDRESS };
      return {
        id: messageId(`${thread.id}-${i + 1}`),
        messageIdHeader: `<${thread.id}-${i + 1}@demo.wharf.example>`,
        from: message.from,
        to: [counterpart],
        cc: [],
        date: now - message.hoursAgo * HOUR,
        subject: i === 0 ? thread.subject : `Re: ${thread.subject}`,
        snippet: message.text,
        direction: out ? 'out' : 'in',
        hasAttachments: false,
        attachments: [],
      };
    });
    addMessages(threadDoc, { threadId, mailboxId: DEMO_MAILBOX, subject: thread.subject }, refs, asBridge);
    const first = refs[0]!;
    const found = new Map<CustomerId, Y.Doc>();
    const hold = (ids: readonly CustomerId[]) => {
      for (const id of ids) found.set(id, doc(customerDocName(id)));
    };
    hold(senderCustomerIds(first.from.address, customers));
    hold(mergedInto(found));
    const { customerId } = routeArrival(
      {
        thread: threadDoc,
        threadId,
        mailboxId: DEMO_MAILBOX,
        workspace,
        customers: found,
        message: messageSummaryFromRef(first, DEMO_MAILBOX, { text: thread.messages[0].text }),
        at: first.date,
        openThreads: {},
      },
      asBridge,
    );
    const customer = customerId === null ? undefined : found.get(customerId);
    if (customer) repairCustomerRow(customer, customers, BRIDGE_ACTOR);
    for (const tag of thread.tags ?? []) addTag(threadDoc, tag, mine);
  };

  const customerOf = (sender: string): Y.Doc | undefined => {
    for (const id of senderCustomerIds(sender, customers)) {
      const candidate = doc(customerDocName(id));
      if (customerView(candidate).profile.id) return candidate;
    }
    return undefined;
  };

  /** The team's part: a customer's card filled in, its stage, follow-up and open tasks. */
  const workOn = (card: DemoCustomer) => {
    const customer = customerOf(card.sender);
    if (!customer) throw new Error(`demo customer of ${card.sender} was not created`);
    const owner = card.owner === 'me' ? me.id : card.owner;
    setCustomerFields(
      customer,
      {
        company: card.company,
        name: card.company,
        country: card.country,
        website: card.website,
        grade: card.grade,
        ownerId: owner,
        market: card.market,
        products: card.products,
        tags: card.tags,
        ...(card.followUpInHours === undefined ? {} : { nextFollowUp: now + card.followUpInHours * HOUR }),
      },
      ctx,
    );
    setCustomerStage(customer, card.stage, ctx);
    for (const task of card.tasks ?? [])
      addCustomerTask(
        customer,
        {
          title: task.title,
          due: now + task.dueInHours * HOUR,
          assignee: task.for === 'me' ? me.id : task.for,
          ...(task.thread ? { thread: { mailboxId: DEMO_MAILBOX, threadId: toThreadId(task.thread) } } : {}),
        },
        ctx,
      );
    repairCustomerRow(customer, customers, ctx.actor);
    // Mail of the customer that came in before it had an owner goes to the owner by hand.
    for (const ref of Object.values(customerView(customer).threads)) {
      const threadDoc = doc(threadDocName(ref.threadId));
      if (currentAssignee(threadMaps(threadDoc)) === null) assignThread(threadDoc, owner, mine);
    }
  };

  const worked = new Set<DemoCustomer>();
  const workOnCreated = () => {
    for (const card of DEMO_CUSTOMERS)
      if (!worked.has(card) && customerOf(card.sender)) {
        worked.add(card);
        workOn(card);
      }
  };

  // Mail that came in before anyone owned these customers: the rules (or nobody) decided.
  for (const thread of EARLIER_THREADS) arrive(thread);
  workOnCreated();
  // A buyer writes from a personal address: linked by hand to the company, as on the card, so
  // routing sends it to the company's owner (model SPEC [CU4]).
  const aqua = customerOf('priya@aqua-fittings.example')!;
  const linked = LINKED_FREE_MAIL.address;
  putContact(aqua, { id: contactIdFor(linked), name: LINKED_FREE_MAIL.name, addresses: [linked] }, ctx);
  repairCustomerRow(aqua, customers, ctx.actor);
  // Now owners come first, then the rules.
  for (const thread of LATER_THREADS) arrive(thread);
  workOnCreated();

  discuss(doc, me, mine);
  reply(doc, workspace, customerOf, now, mine);
  return DEMO_THREADS.length;
}

/**
 * Replies waiting in the outbox: the contract needs a manager's approval (the author's client
 * finds the reasons, as the composer does, SPEC [AP1]); the discount offer is scheduled for the
 * buyer's morning (SPEC [SC1]).
 */
function reply(
  doc: (name: string) => Y.Doc,
  workspace: Y.Doc,
  customerOf: (sender: string) => Y.Doc | undefined,
  now: number,
  ctx: ThreadOpContext,
): void {
  const answer = (threadId: string, body: string, options: { sendAt?: number; customerSender: string }) => {
    const threadDoc = doc(threadDocName(threadId));
    const first = threadView(threadDoc, now)!.messages[0]!;
    const subject = `Re: ${first.subject}`;
    const customer = customerOf(options.customerSender);
    const profile = customer && customerView(customer).profile;
    const reasons = approvalReasons(workspaceView(workspace).approvalRules, {
      subject,
      body,
      customer: profile ? { grade: profile.grade ?? null, tags: profile.tags ?? [] } : null,
    });
    queueOutbox(
      threadDoc,
      {
        to: [first.from],
        cc: [],
        subject,
        body,
        inReplyTo: first.id,
        messageIdDomain: 'demo.wharf.example',
        ...(reasons.length > 0 ? { approvalReasons: reasons } : {}),
        ...(options.sendAt === undefined ? {} : { sendAt: options.sendAt }),
      },
      ctx,
    );
  };
  answer(
    'contract-brass',
    'Dear Priya, please find the final contract for 2,000 sets attached: total USD 64,800, T/T 30% deposit, 70% against B/L copy, FOB Ningbo.',
    { customerSender: 'priya@aqua-fittings.example' },
  );
  answer(
    'price-butterfly',
    'Dear Ahmed, for three 40HQ confirmed this month we can offer 3% off our quotation, CIF Jebel Ali, T/T 30% deposit.',
    { customerSender: 'ahmed@gulf-pipes.example', sendAt: now + 14 * HOUR },
  );
}

/** Internal comments beside the mail: a colleague asks the demo user, who answers. */
function discuss(doc: (name: string) => Y.Doc, me: DemoUser, ctx: ThreadOpContext): void {
  const becker = doc(threadDocName('anfrage-kugelhaehne'));
  const ask = addComment(
    becker,
    {
      body: `@${me.name} Becker wants CIF Hamburg with T/T 30% deposit, 70% before shipment. OK to quote USD 38.50/pc at MOQ 500?`,
      mentions: [me.id],
    },
    { ...ctx, actor: userActor(ANNA) },
  );
  notifyMention(
    doc(docName({ kind: 'user', userId: me.id })),
    { threadId: toThreadId('anfrage-kugelhaehne'), mailboxId: DEMO_MAILBOX, comment: ask },
    { ...ctx, actor: userActor(ANNA) },
  );
  addComment(
    becker,
    {
      body: 'OK for 38.50, but send two samples first (FedEx collect). 样品先寄，运费到付。',
      parentId: ask.id,
    },
    ctx,
  );
  // Li Na has no account to open her notifications with, so only the comment records the mention.
  addComment(
    doc(threadDocName('yangpin-qiufa')),
    { body: '@李娜 请周五前寄出三个 DN25 样品，附上材质证明 (3.1 cert)。', mentions: [LI_NA] },
    ctx,
  );
}
