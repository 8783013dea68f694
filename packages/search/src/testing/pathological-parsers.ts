// Test-only parsers for the extraction worker (`parsersModule`): a PDF parser that never returns
// (a busy loop: only terminating its thread stops it) and a DOCX parser that eats memory until the
// worker's resourceLimits end it. XLSX and text stay real, so a test can show the next file works.
import type { Parsers } from '../extract/extract.ts';

export const parsers: Partial<Parsers> = {
  pdf: () =>
    new Promise<string>(() => {
      let _spins = 0;
      for (;;) _spins += 1;
    }),
  docx: () =>
    new Promise<string>(() => {
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i));
    }),
};

/** Pass as `parsersModule` to createWorkerExtractor. */
export const PATHOLOGICAL_PARSERS = new URL('./pathological-parsers.ts', import.meta.url).href;
