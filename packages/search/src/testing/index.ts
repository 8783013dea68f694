export { makeCjkPdf, makeDocx, makePdf, makeXlsx, NOTO_SANS_CJK } from './attachments.ts';
export { BOSS, FIXTURES, KNOWN_ANSWERS, SALES, SUPPORT } from './fixtures.ts';
export { TRADE_QUERIES, TRADE_SENTENCES } from './trade-text.ts';
export { PATHOLOGICAL_PARSERS } from './pathological-parsers.ts';
