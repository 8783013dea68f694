import { describe, expect, it } from 'vitest';
import { mailboxId } from '../ids.ts';
import { messageRef } from '../testing/fixtures.ts';
import { messageSummaryFromRef } from './summary-from-ref.ts';

describe('messageSummaryFromRef', () => {
  const ref = messageRef('m1', {
    from: { name: 'Hans Meier', address: 'hans@acme.de' },
    to: [{ address: 'sales@wharf-valves.cn' }],
    cc: [{ address: 'anna@wharf-valves.cn' }],
    subject: 'Anfrage Kugelhähne',
    snippet: 'Wir bitten um ein Angebot',
    attachments: [{ id: 'a1', filename: 'Zeichnung.pdf', contentType: 'application/pdf', size: 1 }],
  });

  it('takes recipients, sender, subject and attachment names from the ref', () => {
    expect(
      messageSummaryFromRef(ref, mailboxId('sales'), { deliveredTo: ['sales-eu@wharf-valves.cn'] }),
    ).toEqual({
      mailboxId: 'sales',
      recipients: ['sales@wharf-valves.cn', 'anna@wharf-valves.cn', 'sales-eu@wharf-valves.cn'],
      from: { address: 'hans@acme.de', name: 'Hans Meier' },
      subject: 'Anfrage Kugelhähne',
      text: 'Wir bitten um ein Angebot',
      attachmentNames: ['Zeichnung.pdf'],
    });
  });

  it('prefers the full text the bridge parsed over the snippet', () => {
    expect(messageSummaryFromRef(ref, mailboxId('sales'), { text: 'full body' }).text).toBe('full body');
  });
});
