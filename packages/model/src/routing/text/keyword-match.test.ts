import { describe, expect, it } from 'vitest';
import { foldText } from './fold-text.ts';
import { firstKeywordIn, keywordMatcher } from './keyword-match.ts';
import { globMatches } from './glob.ts';

const matches = (keyword: string, text: string) => keywordMatcher(keyword)(foldText(text));

describe('CJK keywords match as substrings', () => {
  it.each([
    ['阀门', '您好，请报价不锈钢阀门（DN50），谢谢'],
    ['阀门', '球阀门'],
    ['バルブ', 'ボールバルブの見積もりをお願いします'],
    ['バルブ', 'ﾎﾞｰﾙﾊﾞﾙﾌﾞの見積もり'],
    ['밸브', '볼 밸브를 구매하고 싶습니다'],
    ['밸브', '스테인리스밸브 견적'],
    ['วาล์ว', 'ต้องการใบเสนอราคาวาล์วสแตนเลส'],
  ])('%s in %s', (keyword, text) => expect(matches(keyword, text)).toBe(true));

  it.each([
    ['阀门', '请报价法兰'],
    ['バルブ', 'ハルフ'],
    ['밸브', '벨브'],
  ])('%s not in %s', (keyword, text) => expect(matches(keyword, text)).toBe(false));
});

describe('Latin keywords match whole words', () => {
  it.each([
    ['valve', 'Ball VALVE, DN50'],
    ['valve', '我们需要valve报价'],
    ['Ventil', 'Anfrage: ventil, edelstahl'],
    ['vanne', 'Devis pour une vanne papillon'],
    ['válvula', 'Cotización VALVULA de bola'],
    ['straße', 'Lieferung an STRASSE 5'],
    ['ball valve', 'ball\n  valve'],
    ['valve*', 'valves and valving'],
    ['ＰＶＣ', 'pvc pipe'],
    ['c++', 'we use C++ daily'],
    ['zawór', 'zawor kulowy'],
    ['kapı', 'kapi'],
  ])('%s in %s', (keyword, text) => expect(matches(keyword, text)).toBe(true));

  it.each([
    ['valve', 'valves'],
    ['valve', 'valveless design'],
    ['pipe', 'bagpipe'],
    ['ball valve', 'ball-shaped valve'],
    ['', 'anything'],
    ['*', 'anything'],
  ])('%s not in %s', (keyword, text) => expect(matches(keyword, text)).toBe(false));

  it('finds the first listed keyword present in any text', () => {
    expect(firstKeywordIn(['Anfrage', 'Kugelhähne DN50'], ['valve', 'kugelhahn*', 'dn50'])).toBe(
      'kugelhahn*',
    );
    expect(firstKeywordIn(['nothing here'], ['valve'])).toBeUndefined();
  });
});

describe('attachment name patterns', () => {
  it.each([
    ['*.pdf', 'Drawing.PDF', true],
    ['PO*', 'po-4711.xlsx', true],
    ['PO*', 'invoice-PO.pdf', false],
    ['*订单*', '采购订单2026.xlsx', true],
    ['inv-????.pdf', 'INV-0042.pdf', true],
    ['inv-????.pdf', 'INV-42.pdf', false],
    ['a.b', 'axb', false],
  ])('%s ~ %s → %s', (pattern, name, expected) => expect(globMatches(pattern, name)).toBe(expected));
});
