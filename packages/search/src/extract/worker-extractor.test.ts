import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeDocx, makePdf, makeXlsx } from '../testing/attachments.ts';
import { PATHOLOGICAL_PARSERS } from '../testing/pathological-parsers.ts';
import { manualTimers } from '../testing/manual-timers.ts';
import { createWorkerExtractor, type WorkerExtractor } from './worker-extractor.ts';

describe('attachment text on a worker thread', () => {
  const open: WorkerExtractor[] = [];
  afterEach(async () => {
    for (const extractor of open.splice(0)) await extractor.close();
  });

  it('extracts real files on the worker', async () => {
    const extract = createWorkerExtractor({ timers: manualTimers().timers });
    open.push(extract);
    const pdf = await extract({
      filename: 'PI.pdf',
      data: await makePdf(['Proforma Invoice PI-2024-0815', 'Größe XL']),
    });
    expect(pdf).toMatchObject({ ok: true, kind: 'pdf' });
    if (pdf.ok) expect(pdf.text).toContain('Größe XL');
    const docx = await extract({ filename: 'a.docx', data: await makeDocx(['付款方式：30%定金']) });
    expect(docx).toMatchObject({ ok: true, kind: 'docx' });
  }, 30_000);

  it('stops a parser that never returns by terminating its worker; the next file gets a new one', async () => {
    const manual = manualTimers();
    const extract = createWorkerExtractor({ timers: manual.timers, parsersModule: PATHOLOGICAL_PARSERS });
    open.push(extract);
    const hanging = extract({ filename: 'loop.pdf', data: await makePdf(['never read']) });
    const next = extract({ filename: 'quote.xlsx', data: await makeXlsx({ 报价: [['不锈钢保温杯', 500]] }) });
    // the clock starts once the worker has loaded its parsers; one file at a time: the xlsx waits
    await vi.waitFor(() => expect(manual.pending.size).toBe(1), { timeout: 20_000, interval: 20 });
    manual.fire();
    expect(await hanging).toMatchObject({ ok: false, error: 'timeout' });
    const after = await next;
    expect(after).toMatchObject({ ok: true, kind: 'xlsx' });
    if (after.ok) expect(after.text).toContain('不锈钢保温杯');
  }, 30_000);

  it('ends a parser that eats memory at the resource limit and says why', async () => {
    const extract = createWorkerExtractor({
      timers: manualTimers().timers,
      parsersModule: PATHOLOGICAL_PARSERS,
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
    });
    open.push(extract);
    const result = await extract({ filename: 'hog.docx', data: await makeDocx(['x']) });
    expect(result).toMatchObject({ ok: false, error: 'failed' });
    if (!result.ok) expect(result.message).toMatch(/out of memory/);
    const after = await extract({ filename: 'a.txt', data: new TextEncoder().encode('still here') });
    expect(after).toMatchObject({ ok: true, text: 'still here' });
  }, 30_000);
});
