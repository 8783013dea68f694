// Attachment text extraction on its worker thread, in the real bridge ingesting from Dovecot: a PDF
// parser that never returns is stopped at the hard limit (its worker terminated), a DOCX parser
// that eats memory is ended by the worker's resourceLimits; both files are recorded as not indexed
// with the reason, their messages are stored and found, and the XLSX in the next message is read.
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerExtractor, systemTimers, type WorkerExtractor } from '@wharf/search/extract';
import { makeDocx, makePdf, makeXlsx, PATHOLOGICAL_PARSERS } from '@wharf/search/testing';
import { waitFor } from '../helpers/poll.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const user = { email: 'sales@wharf.test', password: 'secret' };
const SCOPE = { readable: ['sales'], internal: ['sales'] } as never;

const mail = async (id: string, subject: string, text: string, filename: string, content: Uint8Array) =>
  new MailComposer({
    messageId: `<${id}@buyer.example>`,
    from: 'Buyer <buyer@buyer.example>',
    to: user.email,
    subject,
    text,
    date: new Date('2026-11-20T08:00:00Z'),
    attachments: [{ filename, content: Buffer.from(content) }],
  })
    .compile()
    .build();

describe('attachment extraction that hangs or crashes never blocks ingest', () => {
  let stack: Stack;
  let extractor: WorkerExtractor;

  beforeAll(async () => {
    extractor = createWorkerExtractor({
      timers: systemTimers,
      // the hard limit: the hanging parser is terminated here, whatever it does
      timeLimitMs: 3_000,
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
      parsersModule: PATHOLOGICAL_PARSERS,
    });
    const messages = [
      await mail(
        'hang',
        'Proforma hängt',
        'Proforma anbei, Zahlungsziel 30 Tage.',
        'pi.pdf',
        await makePdf(['x']),
      ),
      await mail('hog', 'Vertrag frisst', 'Vertragsentwurf anbei.', 'vertrag.docx', await makeDocx(['x'])),
      await mail(
        'ok',
        'Angebot Kugelhähne',
        'Preisliste anbei.',
        'preise.xlsx',
        await makeXlsx({ Preise: [['Kugelhahn-DN50', 12.5]] }),
      ),
    ];
    stack = await startStack({
      users: [user],
      seed: (d) =>
        d.seed(
          user.email,
          'INBOX',
          messages.map((raw) => ({ raw })),
        ),
      relay: false,
      bridge: { sync: { extractAttachment: extractor } },
    });
    await stack.log.waitFor('synced', undefined, 60_000);
  }, 90_000);

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await extractor?.close();
  });

  it('records the failed files with a reason and indexes their messages and the next file', async () => {
    const store = stack.bridge.store;
    const keyOf = (subject: string) => store.search(`"${subject}"`, SCOPE).hits.map((h) => h.key)[0];
    // the good file's text arrives last (files are extracted in order, one at a time)
    await waitFor(() => store.search('kugelhahn-dn50', SCOPE).hits.length === 1, 'the XLSX text', 30_000);

    const hang = keyOf('proforma hängt')!;
    const hog = keyOf('vertrag frisst')!;
    expect(store.messageByKey('sales', hang)?.body?.text).toContain('Zahlungsziel');
    expect(store.messageByKey('sales', hog)?.body?.text).toContain('Vertragsentwurf');
    expect(store.search('zahlungsziel', SCOPE).hits.map((h) => h.key)).toEqual([hang]);
    expect(store.search('filename:pi.pdf', SCOPE).hits.map((h) => h.key)).toEqual([hang]);

    const [pdf] = store.searchAttachments('sales', hang);
    expect(pdf).toMatchObject({ filename: 'pi.pdf', text: '' });
    expect(pdf!.skipped).toMatch(/^timeout: stopped after 3000 ms/);
    const [docx] = store.searchAttachments('sales', hog);
    expect(docx).toMatchObject({ filename: 'vertrag.docx', text: '' });
    expect(docx!.skipped).toMatch(/^failed: .*out of memory/);
    const [xlsx] = store.searchAttachments('sales', keyOf('angebot kugelhähne')!);
    expect(xlsx).toMatchObject({ filename: 'preise.xlsx' });
    expect(xlsx!.skipped).toBeUndefined();
  }, 60_000);
});
