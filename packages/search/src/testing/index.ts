export { makeDocx, makePdf, makeXlsx } from './attachments.ts';
