import { Converter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { TRADE_QUERIES, TRADE_SENTENCES } from '../testing/trade-text.ts';
import { containsPattern, patternOf } from './match.ts';
import { foldWord, terms, tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('folds case, width and diacritics', () => {
    expect(terms('ＦＯＢ Shanghai')).toEqual(['fob', 'shanghai']);
    expect(terms('Straße Größe Café naïve')).toEqual(['strasse', 'grosse', 'cafe', 'naive']);
    expect(terms('ПРИВЕТ Ёлка')).toEqual(['привет', 'елка']);
    expect(terms('ΣΟΦΟΣ σοφός')).toEqual(['σοφοσ', 'σοφοσ']);
    expect(terms('مَرْحَبًا')).toEqual(['مرحبا']);
    expect(foldWord('ＡＢＣ１２３')).toBe('abc123');
  });

  it('keeps CJK intact: kana voicing marks are not stripped, half-width kana become full width', () => {
    expect(terms('が')).toEqual(['が']);
    expect(terms('ｶﾞｽ')).toEqual(['ガス']);
    expect(terms('한국어')).toEqual(['한국', '국어']);
  });

  it('turns CJK runs into bigrams and a one-character run into itself', () => {
    expect(terms('集装箱')).toEqual(['集装', '装箱']);
    expect(terms('货代')).toEqual(['货代']);
    expect(terms('箱')).toEqual(['箱']);
    // kanji fold like Traditional Chinese (東 → 东) on both sides, so Japanese matches Japanese as before
    expect(terms('東京タワー')).toEqual(['东京', '京タ', 'タワ', 'ワー']);
    expect(terms('𠮷野家')).toEqual(['𠮷野', '野家']);
  });

  it('splits mixed scripts at script boundaries; digits stay with the word they touch', () => {
    expect(terms('FOB上海40HQ集装箱')).toEqual(['fob', '上海', '40hq', '集装', '装箱']);
    expect(terms('iPhone15手机')).toEqual(['iphone15', '手机']);
    expect(terms('500个')).toEqual(['500', '个']);
    expect(terms('PO-2024-0815 alice@acme.com')).toEqual(['po', '2024', '0815', 'alice', 'acme', 'com']);
    expect(terms('ЦенаFOB')).toEqual(['цена', 'fob']);
  });

  it('reports offsets into the original text, through width folding', () => {
    const text = 'Re: ＦＯＢ上海，集装箱';
    const tokens = tokenize(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Re', 'ＦＯＢ', '上海', '集装', '装箱']);
    expect(tokens.map((t) => t.term)).toEqual(['re', 'fob', '上海', '集装', '装箱']);
  });

  it('drops punctuation and symbols', () => {
    expect(terms('— !!! ，。、 ★')).toEqual([]);
  });
});

/**
 * Recall/precision of bigram phrase matching against substring truth, per query, on trade text;
 * Intl.Segmenter (dictionary words, the alternative) is measured on the same text for comparison.
 */
describe('CJK matching vs substring truth on trade text', () => {
  const fold = (s: string) => s.normalize('NFKC').toLowerCase();
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const segWords = (s: string) =>
    [...segmenter.segment(fold(s))].filter((x) => x.isWordLike).map((x) => x.segment);
  const seqContains = (hay: readonly string[], needle: readonly string[]) =>
    needle.length > 0 && hay.some((_, i) => needle.every((w, k) => hay[i + k] === w));

  const score = (match: (doc: string, query: string) => boolean) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const q of TRADE_QUERIES)
      for (const doc of TRADE_SENTENCES) {
        const truth = fold(doc).includes(fold(q));
        const got = match(doc, q);
        if (truth && got) tp++;
        else if (got) fp++;
        else if (truth) fn++;
      }
    return { recall: tp / (tp + fn), precision: tp / (tp + fp), relevant: tp + fn };
  };

  it('bigrams: recall 1.00 and precision 1.00; reported next to Intl.Segmenter', () => {
    const docTokens = new Map(TRADE_SENTENCES.map((d) => [d, tokenize(d)]));
    const bigrams = score((doc, q) => {
      const pattern = patternOf({ type: 'text', text: q, field: null, phrase: false, prefix: false });
      return pattern !== null && containsPattern(docTokens.get(doc)!, pattern);
    });
    const segmented = score((doc, q) => seqContains(segWords(doc), segWords(q)));
    const f = (n: number) => n.toFixed(2);
    console.log(
      `[search] ${TRADE_QUERIES.length} queries × ${TRADE_SENTENCES.length} sentences, ${bigrams.relevant} relevant pairs: ` +
        `bigrams recall ${f(bigrams.recall)} precision ${f(bigrams.precision)}; ` +
        `Intl.Segmenter recall ${f(segmented.recall)} precision ${f(segmented.precision)}`,
    );
    expect(bigrams.relevant).toBeGreaterThan(40);
    expect(bigrams.recall).toBe(1);
    expect(bigrams.precision).toBe(1);
  });
});

/**
 * Traditional and Simplified Chinese fold together. The trade sentences and queries are converted
 * to Traditional with OpenCC itself (standard forms `t`, and Taiwan forms with Taiwan phrases
 * `twp`, which also changes some words); truth stays substring truth on the Simplified originals.
 * "unfolded" is what matching gave before folding (a substring of the raw converted text).
 */
describe('Traditional and Simplified Chinese', () => {
  it('fold to the same terms, offsets pointing into the original text', () => {
    expect(terms('貨代報價，集裝箱')).toEqual(terms('货代报价，集装箱'));
    const text = '請確認裝箱單';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.term)).toEqual(['请确', '确认', '认装', '装箱', '箱单']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['請確', '確認', '認裝', '裝箱', '箱單']);
  });

  it('match across scripts on trade text: recall and precision reported', () => {
    const results: string[] = [];
    for (const to of ['t', 'twp'] as const) {
      // opencc-js's .d.ts import './core' without an extension, which nodenext cannot resolve: typed here
      const toHant = Converter({ from: 'cn', to }) as (text: string) => string;
      const score = (docScript: 'hans' | 'hant', queryScript: 'hans' | 'hant') => {
        const tally = { folded: { tp: 0, fp: 0, fn: 0 }, unfolded: { tp: 0, fp: 0, fn: 0 } };
        for (const q of TRADE_QUERIES)
          for (const doc of TRADE_SENTENCES) {
            const truth = doc.includes(q);
            const d = docScript === 'hant' ? toHant(doc) : doc;
            const query = queryScript === 'hant' ? toHant(q) : q;
            const pattern = patternOf({
              type: 'text',
              text: query,
              field: null,
              phrase: false,
              prefix: false,
            });
            const folded = pattern !== null && containsPattern(tokenize(d), pattern);
            const unfolded = d.toLowerCase().includes(query.toLowerCase());
            for (const [got, t] of [
              [folded, tally.folded],
              [unfolded, tally.unfolded],
            ] as const) {
              if (truth && got) t.tp++;
              else if (got) t.fp++;
              else if (truth) t.fn++;
            }
          }
        const rp = (t: { tp: number; fp: number; fn: number }) => ({
          recall: t.tp / (t.tp + t.fn),
          precision: t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp),
        });
        return { folded: rp(tally.folded), unfolded: rp(tally.unfolded) };
      };
      for (const [docs, queries] of [
        ['hant', 'hans'],
        ['hans', 'hant'],
        ['hant', 'hant'],
      ] as const) {
        const r = score(docs, queries);
        const f = (n: number) => n.toFixed(2);
        results.push(
          `${to}: ${docs} text / ${queries} queries: folded recall ${f(r.folded.recall)} precision ${f(r.folded.precision)}` +
            ` (unfolded ${f(r.unfolded.recall)} / ${f(r.unfolded.precision)})`,
        );
        expect(r.folded.precision).toBe(1);
        if (to === 't') expect(r.folded.recall).toBe(1);
        else expect(r.folded.recall).toBeGreaterThan(0.9);
        if (docs !== queries) expect(r.unfolded.recall).toBeLessThan(0.8);
      }
    }
    console.log(`[search] Traditional/Simplified on trade text:\n  ${results.join('\n  ')}`);
  });
});
