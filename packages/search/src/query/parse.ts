// Pure core: the search box's query language → QueryNode. Forgiving by design (results while typing):
// anything it cannot read becomes a warning and is left out, never an exception.
//
//   words  "a phrase"  from:x  to:x  mailbox:x  assignee:x  tag:x  customer:x  status:x
//   has:attachment  filename:x  before:2024-03-01  after:2024-03  -negation  a OR b  ( … )
import { foldWord } from '../text/tokenize.ts';
import type { CalendarDate, QueryNode, TextField, ValueField } from './ast.ts';

export interface QueryWarning {
  readonly code: 'bad-date' | 'bad-has' | 'empty-value' | 'unbalanced';
  readonly token: string;
  /** English / 简体中文. */
  readonly message: string;
}

export interface ParsedQuery {
  /** null when nothing searchable is left (empty box, only punctuation, only invalid operators). */
  readonly ast: QueryNode | null;
  readonly warnings: readonly QueryWarning[];
}

export interface ParseOptions {
  /** Treat the last bare word as a prefix when the input does not end in whitespace (type-ahead). */
  readonly prefixLast?: boolean;
}

const FIELD_NAMES: Readonly<Record<string, TextField | ValueField | 'has' | 'before' | 'after'>> = {
  from: 'from',
  发件人: 'from',
  to: 'to',
  收件人: 'to',
  filename: 'filename',
  文件名: 'filename',
  mailbox: 'mailbox',
  邮箱: 'mailbox',
  assignee: 'assignee',
  负责人: 'assignee',
  tag: 'tag',
  标签: 'tag',
  customer: 'customer',
  客户: 'customer',
  status: 'status',
  状态: 'status',
  has: 'has',
  before: 'before',
  after: 'after',
};
const TEXT_FIELDS = new Set<string>(['from', 'to', 'filename']);
const HAS_ATTACHMENT = new Set(['attachment', 'attachments', 'attach', '附件']);

type Lexeme =
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'or' }
  | { kind: 'negate' }
  | { kind: 'item'; negated: boolean; field: string | null; value: string; quoted: boolean; raw: string };

// Full-width and typographic syntax characters typed with a Chinese IME.
const SYNTAX_FOLD: Readonly<Record<string, string>> = {
  '：': ':',
  '“': '"',
  '”': '"',
  '＂': '"',
  '（': '(',
  '）': ')',
  '－': '-',
};

function lex(input: string): Lexeme[] {
  const s = input.replace(/[：“”＂（）－]/g, (c) => SYNTAX_FOLD[c] ?? c);
  const out: Lexeme[] = [];
  let i = 0;
  const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
  const readQuoted = (): string => {
    const close = s.indexOf('"', i + 1);
    const end = close < 0 ? s.length : close;
    const value = s.slice(i + 1, end);
    i = close < 0 ? s.length : close + 1;
    return value;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      out.push({ kind: 'open' });
      i++;
      continue;
    }
    if (c === ')') {
      out.push({ kind: 'close' });
      i++;
      continue;
    }
    if (c === '-' && s[i + 1] === '(') {
      out.push({ kind: 'negate' });
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (c === '-' && i + 1 < s.length && !isSpace(s[i + 1]) && s[i + 1] !== '-') {
      negated = true;
      i++;
    }
    if (s[i] === '"') {
      const value = readQuoted();
      out.push({ kind: 'item', negated, field: null, value, quoted: true, raw: s.slice(start, i) });
      continue;
    }
    let j = i;
    while (j < s.length && !isSpace(s[j]) && s[j] !== '(' && s[j] !== ')' && s[j] !== '"') j++;
    const word = s.slice(i, j);
    const colon = word.indexOf(':');
    const field = colon > 0 ? FIELD_NAMES[foldWord(word.slice(0, colon))] : undefined;
    if (field) {
      i = colon + 1 + i;
      if (s[i] === '"') {
        const value = readQuoted();
        out.push({ kind: 'item', negated, field, value, quoted: true, raw: s.slice(start, i) });
      } else {
        i = j;
        out.push({
          kind: 'item',
          negated,
          field,
          value: word.slice(colon + 1),
          quoted: false,
          raw: s.slice(start, i),
        });
      }
      continue;
    }
    i = j;
    if (word === 'OR' || word === '|' || word === '||') {
      out.push({ kind: 'or' });
      continue;
    }
    if (word === '' && s[i] === '"') continue;
    out.push({ kind: 'item', negated, field: null, value: word, quoted: false, raw: s.slice(start, i) });
  }
  return out;
}

/** Accepts 2024-03-01, 2024/3/1, 2024.03.01, 2024-03, 2024, 2024年3月1日. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const m = /^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$/.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return { year, month, day };
}

function warn(code: QueryWarning['code'], token: string): QueryWarning {
  const messages: Record<QueryWarning['code'], string> = {
    'bad-date': `Not a date: “${token}” (use 2024-03-01) / 无法识别的日期：“${token}”（例如 2024-03-01）`,
    'bad-has': `Only has:attachment is supported: “${token}” / 仅支持 has:attachment：“${token}”`,
    'empty-value': `Missing value after “${token}” / “${token}” 后缺少内容`,
    unbalanced: `Unbalanced parenthesis / 括号不匹配`,
  };
  return { code, token, message: messages[code] };
}

export function parseQuery(input: string, options: ParseOptions = {}): ParsedQuery {
  const lexemes = lex(input);
  const warnings: QueryWarning[] = [];
  const typingLastWord = options.prefixLast === true && input.length > 0 && !/\s$/.test(input);
  let pos = 0;

  const leaf = (item: Extract<Lexeme, { kind: 'item' }>, isLast: boolean): QueryNode | null => {
    const value = item.value.trim();
    if (item.field === null) {
      const star = !item.quoted && value.length > 1 && value.endsWith('*');
      const text = star ? value.slice(0, -1) : value;
      if (text === '') return null;
      const prefix = star || (isLast && typingLastWord && !item.quoted && !item.negated);
      return { type: 'text', text, field: null, phrase: item.quoted, prefix };
    }
    if (value === '') {
      // `from:` while typing: not an error worth showing until something follows.
      if (!isLast) warnings.push(warn('empty-value', item.raw));
      return null;
    }
    const field = item.field;
    if (TEXT_FIELDS.has(field)) {
      const prefix = isLast && typingLastWord && !item.quoted && !item.negated;
      return { type: 'text', text: value, field: field as TextField, phrase: item.quoted, prefix };
    }
    if (field === 'has') {
      if (HAS_ATTACHMENT.has(foldWord(value))) return { type: 'has', what: 'attachment' };
      warnings.push(warn('bad-has', item.raw));
      return null;
    }
    if (field === 'before' || field === 'after') {
      const date = parseCalendarDate(value);
      if (date) return { type: 'date', op: field, date };
      warnings.push(warn('bad-date', item.raw));
      return null;
    }
    return { type: 'value', field: field as ValueField, value };
  };

  const and = (nodes: QueryNode[]): QueryNode | null =>
    nodes.length === 0 ? null : nodes.length === 1 ? nodes[0]! : { type: 'and', children: nodes };
  const or = (nodes: QueryNode[]): QueryNode | null =>
    nodes.length === 0 ? null : nodes.length === 1 ? nodes[0]! : { type: 'or', children: nodes };

  const parseOr = (depth: number): QueryNode | null => {
    const alternatives: QueryNode[] = [];
    let current: QueryNode[] = [];
    let negateNext = false;
    while (pos < lexemes.length) {
      const lx = lexemes[pos]!;
      if (lx.kind === 'close') {
        if (depth > 0) break;
        warnings.push(warn('unbalanced', ')'));
        pos++;
        continue;
      }
      pos++;
      if (lx.kind === 'negate') {
        negateNext = true;
        continue;
      }
      if (lx.kind === 'or') {
        const group = and(current);
        if (group) alternatives.push(group);
        current = [];
        continue;
      }
      if (lx.kind === 'open') {
        const inner = parseOr(depth + 1);
        if (lexemes[pos]?.kind === 'close') pos++;
        else warnings.push(warn('unbalanced', '('));
        if (inner) current.push(negateNext ? { type: 'not', child: inner } : inner);
        negateNext = false;
        continue;
      }
      const node = leaf(lx, pos === lexemes.length);
      if (node) current.push(lx.negated ? { type: 'not', child: node } : node);
    }
    const group = and(current);
    if (group) alternatives.push(group);
    return or(alternatives);
  };

  const ast = parseOr(0);
  return { ast, warnings };
}
