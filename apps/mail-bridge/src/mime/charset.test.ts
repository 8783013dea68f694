import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './charset.ts';
import { decodeEncodedWords } from './headers.ts';

const bytes = (text: string, charset: string) => iconv.encode(text, charset);

describe('decodeBytes', () => {
  it('reads GBK bytes declared as gb2312 (characters outside GB2312)', () => {
    expect(decodeBytes(bytes('朱镕基 發票', 'gbk'), { declared: 'gb2312' })).toBe('朱镕基 發票');
  });

  it('reads UTF-8 declared as iso-8859-1 or us-ascii', () => {
    const utf8 = Buffer.from('Grüße – 你好', 'utf8');
    expect(decodeBytes(utf8, { declared: 'iso-8859-1' })).toBe('Grüße – 你好');
    expect(decodeBytes(utf8, { declared: 'us-ascii' })).toBe('Grüße – 你好');
  });

  it('keeps real Latin-1 and real cp1251 as declared', () => {
    expect(decodeBytes(bytes('Très bien, à bientôt', 'latin1'), { declared: 'iso-8859-1' })).toBe(
      'Très bien, à bientôt',
    );
    expect(decodeBytes(bytes('Привет, мир', 'windows-1251'), { declared: 'windows-1251' })).toBe(
      'Привет, мир',
    );
  });

  it('doubts a Latin-1 label on GBK bytes', () => {
    expect(decodeBytes(bytes('请尽快安排装柜', 'gbk'), { declared: 'iso-8859-1' })).toBe('请尽快安排装柜');
  });

  it('detects undeclared GBK, Big5, Shift_JIS, EUC-KR', () => {
    expect(decodeBytes(bytes('请确认付款条件和交货时间', 'gbk'))).toBe('请确认付款条件和交货时间');
    expect(decodeBytes(bytes('請確認付款條件和交貨時間', 'big5'))).toBe('請確認付款條件和交貨時間');
    expect(decodeBytes(bytes('お見積もりをお願いします', 'shift_jis'))).toBe('お見積もりをお願いします');
    expect(decodeBytes(bytes('주문을 확인했습니다', 'euc-kr'))).toBe('주문을 확인했습니다');
  });

  it('prefers a hint from elsewhere in the message', () => {
    expect(decodeBytes(bytes('出貨通知', 'big5'), { hints: ['big5'] })).toBe('出貨通知');
  });

  it('decodes ISO-2022-JP, declared or not', () => {
    const jis = Buffer.from('\x1b$B$"$j$,$H$&\x1b(B', 'latin1');
    expect(decodeBytes(jis, { declared: 'iso-2022-jp' })).toBe('ありがとう');
    expect(decodeBytes(jis)).toBe('ありがとう');
  });

  it('never throws on an unknown charset name', () => {
    expect(decodeBytes(Buffer.from('hello'), { declared: 'x-made-up' })).toBe('hello');
    expect(decodeBytes(bytes('你好世界', 'gbk'), { declared: 'x-made-up' })).toBe('你好世界');
  });
});

describe('decodeEncodedWords', () => {
  it('joins adjacent words of one charset before decoding (split multibyte characters)', () => {
    const all = Buffer.from('不锈钢', 'utf8');
    const a = all.subarray(0, 4).toString('base64');
    const b = all.subarray(4).toString('base64');
    expect(decodeEncodedWords(`=?utf-8?B?${a}?= =?utf-8?B?${b}?=`)).toBe('不锈钢');
  });
  it('keeps the text between words and decodes Q encoding', () => {
    expect(decodeEncodedWords('Re: =?iso-8859-1?Q?R=E9ponse_rapide?= (urgent)')).toBe(
      'Re: Réponse rapide (urgent)',
    );
  });
});
