import { describe, expect, it } from 'vitest';
import {
  assignThread,
  type SubjectCandidate,
  type ThreadLookup,
  type ThreadingInput,
} from './assign-thread.ts';
import { hasReplyPrefix, normalizeSubject } from './normalize-subject.ts';

describe('normalizeSubject', () => {
  const cases: [string, string][] = [
    ['Re: Price list', 'price list'],
    ['RE: re: Fwd: Price list', 'price list'],
    ['FW: Price list', 'price list'],
    ['AW: WG: Preisliste', 'preisliste'],
    ['SV: VS: Prisliste', 'prisliste'],
    ['Re[2]: Price list', 'price list'],
    ['Re(3): Price list', 'price list'],
    ['RE：询价', '询价'],
    ['回复：询价', '询价'],
    ['回复: 答复：转发：询价', '询价'],
    ['[sales-list] Re: [sales-list] Price   list', 'price list'],
    ['【重要】回复：样品', '样品'],
    ['Antw: Offerte', 'offerte'],
  ];
  for (const [input, want] of cases)
    it(`${input} → ${want}`, () => expect(normalizeSubject(input)).toBe(want));

  it('leaves words that only start like a prefix', () => {
    expect(normalizeSubject('Reorder: 500 units')).toBe('reorder: 500 units');
    expect(normalizeSubject('Svenska order')).toBe('svenska order');
  });
  it('knows whether a subject had a prefix', () => {
    expect(hasReplyPrefix('回复：样品')).toBe(true);
    expect(hasReplyPrefix('样品')).toBe(false);
  });
});

function memoryLookup(
  threads: {
    id: string;
    messageIds?: string[];
    provider?: string;
    refersTo?: string[];
    subject?: SubjectCandidate & { subject: string };
  }[],
): ThreadLookup {
  return {
    threadOfProviderId: (p) => threads.find((t) => t.provider === p)?.id,
    threadOfMessageId: (m) => threads.find((t) => t.messageIds?.includes(m))?.id,
    threadReferring: (m) => threads.find((t) => t.refersTo?.includes(m))?.id,
    threadsWithSubject: (s) => threads.flatMap((t) => (t.subject?.subject === s ? [t.subject] : [])),
  };
}

const day = 24 * 3600 * 1000;
const base: ThreadingInput = {
  messageId: '<new@x>',
  inReplyTo: undefined,
  references: [],
  subject: 'Re: Stainless fittings',
  participants: ['buyer@b.example', 'sales@wharf.test'],
  date: 100 * day,
  providerThreadId: undefined,
};

describe('assignThread', () => {
  it('uses the provider thread id first', () => {
    const lookup = memoryLookup([
      { id: 'gmail', provider: '123' },
      { id: 'refs', messageIds: ['<a@x>'] },
    ]);
    expect(assignThread({ ...base, providerThreadId: '123', inReplyTo: '<a@x>' }, lookup)).toMatchObject({
      threadId: 'gmail',
      by: 'provider',
    });
  });

  it('follows In-Reply-To, then References nearest first', () => {
    const lookup = memoryLookup([
      { id: 'root', messageIds: ['<root@x>'] },
      { id: 'parent', messageIds: ['<parent@x>'] },
    ]);
    expect(assignThread({ ...base, references: ['<root@x>', '<parent@x>'] }, lookup)).toMatchObject({
      threadId: 'parent',
      by: 'references',
    });
    expect(assignThread({ ...base, references: ['<root@x>', '<gone@x>'] }, lookup)).toMatchObject({
      threadId: 'root',
    });
  });

  it('joins a parent that arrives after its reply', () => {
    const lookup = memoryLookup([{ id: 'child-thread', refersTo: ['<new@x>'] }]);
    expect(assignThread(base, lookup)).toMatchObject({ threadId: 'child-thread', by: 'referred-by' });
  });

  it('falls back to the subject only with a shared participant inside the window', () => {
    const candidate = (participants: string[], lastDate: number) =>
      memoryLookup([
        { id: 't', subject: { subject: 'stainless fittings', threadId: 't', participants, lastDate } },
      ]);
    expect(assignThread(base, candidate(['buyer@b.example'], 99 * day))).toMatchObject({ by: 'subject' });
    expect(assignThread(base, candidate(['someone@else.example'], 99 * day)).kind).toBe('new');
    expect(assignThread(base, candidate(['buyer@b.example'], 10 * day)).kind).toBe('new');
  });

  it('never joins on a very short subject', () => {
    const lookup = memoryLookup([
      {
        id: 't',
        subject: { subject: 'hi', threadId: 't', participants: ['buyer@b.example'], lastDate: 100 * day },
      },
    ]);
    expect(assignThread({ ...base, subject: 'Re: hi' }, lookup)).toEqual({
      kind: 'new',
      normalizedSubject: 'hi',
    });
  });
});
