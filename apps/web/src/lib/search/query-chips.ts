// Pure core: filter chips are a view of the query string, never a second state. The box's text is
// parsed with @wharf/search's parser; every top-level filter (`tag:urgent`, `-from:x`,
// `before:2024-03-01`, …) is a chip; removing a chip drops that clause and prints the rest with the
// package's serializer (`formatQuery`); adding one appends its canonical text.
import { formatQuery, parseQuery, type QueryNode, type ValueField } from '@wharf/search';

export type ChipKind = ValueField | 'has' | 'from' | 'to' | 'filename' | 'before' | 'after';

export interface QueryChip {
  readonly kind: ChipKind;
  /** The value as typed (a member or mailbox id for chips added from the menus). */
  readonly value: string;
  readonly negated: boolean;
  /** Canonical text of the clause: what removing the chip removes. */
  readonly text: string;
}

function clauses(ast: QueryNode | null): readonly QueryNode[] {
  if (!ast) return [];
  return ast.type === 'and' ? ast.children : [ast];
}

function chipOf(node: QueryNode, negated = false): QueryChip | null {
  const text = formatQuery(negated ? { type: 'not', child: node } : node);
  switch (node.type) {
    case 'value':
      return { kind: node.field, value: node.value, negated, text };
    case 'has':
      return { kind: 'has', value: node.what, negated, text };
    case 'date': {
      const value = formatQuery(node).slice(node.op.length + 1);
      return { kind: node.op, value, negated, text };
    }
    case 'text':
      return node.field ? { kind: node.field, value: node.text, negated, text } : null;
    case 'not':
      return negated ? null : chipOf(node.child, true);
    default:
      return null;
  }
}

/** The chips of a query, in the order they were typed. */
export function queryChips(query: string): QueryChip[] {
  return clauses(parseQuery(query).ast)
    .map((node) => chipOf(node))
    .filter((chip): chip is QueryChip => chip !== null);
}

/** The query without `chip` (the rest printed canonically); unchanged when the chip is not in it. */
export function removeChip(query: string, chip: Pick<QueryChip, 'text'>): string {
  const all = clauses(parseQuery(query).ast);
  const at = all.findIndex((node) => chipOf(node)?.text === chip.text);
  if (at < 0) return query;
  const rest = all.filter((_, i) => i !== at);
  return rest.length === 0 ? '' : formatQuery(rest.length === 1 ? rest[0]! : { type: 'and', children: rest });
}

/** A filter node for a chip added from the menus. */
export function chipNode(kind: ChipKind, value: string): QueryNode | null {
  const v = value.trim();
  switch (kind) {
    case 'has':
      return { type: 'has', what: 'attachment' };
    case 'before':
    case 'after':
      return parseQuery(`${kind}:${v}`).ast;
    case 'from':
    case 'to':
    case 'filename':
      return v ? { type: 'text', text: v, field: kind, phrase: false, prefix: false } : null;
    default:
      return v ? { type: 'value', field: kind, value: v } : null;
  }
}

/**
 * The query with the clause appended. A date bound replaces an earlier bound of the same kind
 * (two `after:` would only keep the later one anyway); everything else is ANDed.
 */
export function addChip(query: string, node: QueryNode): string {
  const added = chipOf(node);
  let base = query;
  if (added && (added.kind === 'before' || added.kind === 'after'))
    for (const old of queryChips(query))
      if (old.kind === added.kind && !old.negated) base = removeChip(base, old);
  if (queryChips(base).some((c) => c.text === formatQuery(node))) return base;
  const trimmed = base.trim();
  return `${trimmed}${trimmed ? ' ' : ''}${formatQuery(node)} `;
}

/**
 * Replaces typed values (a member's name, a mailbox's address) by the ids the indexes store, in
 * both engines' query. `resolve` returns the id or undefined to keep the value as typed.
 */
export function resolveValues(
  ast: QueryNode,
  resolve: (field: ValueField, value: string) => string | undefined,
): QueryNode {
  switch (ast.type) {
    case 'value': {
      const id = resolve(ast.field, ast.value);
      return id === undefined || id === ast.value ? ast : { ...ast, value: id };
    }
    case 'not':
      return { ...ast, child: resolveValues(ast.child, resolve) };
    case 'and':
    case 'or':
      return { ...ast, children: ast.children.map((c) => resolveValues(c, resolve)) };
    default:
      return ast;
  }
}
