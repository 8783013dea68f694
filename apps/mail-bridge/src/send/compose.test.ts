import { describe, expect, it } from 'vitest';
import { parseMessage } from '../mime/parse-message.ts';
import { classifySendError, composeOutgoing, referencesFor } from './compose.ts';

describe('composeOutgoing', () => {
  it('fixes Message-ID, outbox header and threading headers; text + HTML with signature', async () => {
    const raw = await composeOutgoing({
      outboxId: 'ob-1',
      messageIdHeader: '<wharf.ob-1@wharf.test>',
      from: { name: '王芳 via Sales', address: 'sales@wharf.test' },
      to: [{ name: 'Buyer', address: 'buyer@buyer.example' }],
      cc: [],
      subject: 'Re: 询价',
      body: 'Price: USD 12 <each>',
      signature: 'Wharf Trading Co.',
      inReplyTo: '<q2@x>',
      references: referencesFor({ messageId: '<q2@x>', references: ['<q1@x>'], inReplyTo: '<q1@x>' }),
      date: new Date(0),
    });
    const text = raw.toString();
    expect(text).toContain('Message-ID: <wharf.ob-1@wharf.test>');
    expect(text).toMatch(/^X-Wharf-Outbox-Id: ob-1\r$/im);
    const parsed = await parseMessage(raw, { storeAttachment: () => Promise.reject(new Error('none')) });
    expect(parsed).toMatchObject({
      messageId: '<wharf.ob-1@wharf.test>',
      inReplyTo: '<q2@x>',
      references: ['<q1@x>', '<q2@x>'],
      subject: 'Re: 询价',
      from: { name: '王芳 via Sales', address: 'sales@wharf.test' },
    });
    expect(parsed.text).toContain('Wharf Trading Co.');
    expect(parsed.html).toContain('&lt;each&gt;');
  });
});

describe('classifySendError', () => {
  it('retries 4xx, fails 5xx, calls a drop after the whole message ambiguous', () => {
    expect(classifySendError({ responseCode: 451, response: '451 try later' }, true).kind).toBe('retry');
    expect(classifySendError({ responseCode: 550, response: '550 no such user' }, false).kind).toBe('failed');
    expect(classifySendError(new Error('Connection closed unexpectedly'), true).kind).toBe('ambiguous');
    expect(classifySendError(new Error('connect ECONNREFUSED'), false).kind).toBe('retry');
  });
});
