// The offline index: what a browser holds locally, searched with lunr when the relay is unreachable.
// Pure (no DOM, no Node): runs in a browser worker.
//
// lunr indexes are immutable, so the live set is cut into segments: one per closed month (built
// once), a `recent` segment for the current month (rebuilt by `maintain()`, e.g. on idle in the
// worker), and `pending` messages that arrived since, scanned directly. `home` says which segment
// holds the live version of each message; a hit from any other segment (an old version, a deleted
// message) is dropped, which is how tombstones work here.
//
// Closed months are immutable: a message of a closed month that changes (a late arrival, a comment
// on an old thread) stays pending and is scanned directly; its month is rebuilt only once many of
// its messages changed (`closedMonthRebuild`). A change that lunr never sees (status, tags,
// assignee: filters read the documents) keeps the message where it is. Each segment records the
// fingerprint of every version it indexed, so a segment restored after a reload adopts only the
// messages that have not changed since.
//
// lunr's default pipelines (trimmer, stop words, English stemmer) drop CJK, Cyrillic and Arabic
// tokens, so both are reset and our tokenizer feeds documents and queries alike. Queries are built
// with `idx.query`, never `idx.search(userInput)`, whose own syntax would misread user input.
import lunr from 'lunr';
import type { MailboxId, MessageId } from '@wharf/model';
import {
  participantsText,
  type SearchDocument,
  type SearchHit,
  type SearchScope,
  type Snippet,
} from '../document.ts';
import { positiveTextLeaves, startOfDay, type QueryNode, type TextField } from '../query/ast.ts';
import { parseQuery, type QueryWarning } from '../query/parse.ts';
import { highlightRanges, highlightWhole, snippetOf } from '../text/highlight.ts';
import { containsPattern, patternOf, type TermPattern } from '../text/match.ts';
import { foldWord, scanTerms, tokenize, TOKENIZER_VERSION, type Token } from '../text/tokenize.ts';

const FIELDS = ['subject', 'sender', 'recipients', 'body', 'attachments', 'filenames', 'internal'] as const;
type Field = (typeof FIELDS)[number];
const PUBLIC_FIELDS: readonly Field[] = FIELDS.filter((f) => f !== 'internal');
const FIELD_OF: Readonly<Record<TextField, Field>> = {
  from: 'sender',
  to: 'recipients',
  filename: 'filenames',
};
const BOOST: Readonly<Record<Field, number>> = {
  subject: 6,
  sender: 3,
  recipients: 2,
  body: 1,
  attachments: 0.8,
  filenames: 2,
  internal: 1,
};

function fieldText(doc: SearchDocument, field: Field): string {
  switch (field) {
    case 'subject':
      return doc.subject;
    case 'sender':
      return participantsText(doc.from);
    case 'recipients':
      return participantsText(doc.to);
    case 'body':
      return doc.body;
    case 'attachments':
      return doc.attachments.map((a) => a.text).join('\n');
    case 'filenames':
      return doc.attachments.map((a) => a.filename).join('\n');
    case 'internal':
      return doc.internal.join('\n');
  }
}

/** Terms plus run-end characters, as lunr tokens (same rule as the archive's indexedText). */
function lunrTokens(text: unknown): lunr.Token[] {
  if (typeof text !== 'string' || text === '') return [];
  const out: lunr.Token[] = [];
  const tails: string[] = [];
  scanTerms(text, { term: (term) => out.push(new lunr.Token(term, {})), runEnd: (c) => tails.push(c) });
  for (const t of tails) out.push(new lunr.Token(t, {}));
  return out;
}

function buildLunr(docs: Iterable<SearchDocument>): lunr.Index {
  const builder = new lunr.Builder();
  builder.pipeline.reset();
  builder.searchPipeline.reset();
  builder.tokenizer = lunrTokens as typeof lunr.tokenizer;
  builder.ref('key');
  for (const f of FIELDS) builder.field(f, { boost: BOOST[f] });
  for (const doc of docs) {
    const row: Record<string, string> = { key: doc.key };
    for (const f of FIELDS) row[f] = fieldText(doc, f);
    builder.add(row);
  }
  return builder.build();
}

const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

/** FNV-1a over UTF-16 code units, two seeds: cheap, and two 32-bit hashes make a collision unlikely. */
function hash(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** Identifies what lunr indexes of a document (its text fields and month), not its filters. */
export function documentFingerprint(doc: SearchDocument): string {
  const text = [monthOf(doc.date), ...FIELDS.map((f) => fieldText(doc, f))].join('\u0000');
  // the tokenizer's version too: a segment saved by an older tokenizer homes none of its messages
  return `${TOKENIZER_VERSION}.${text.length.toString(36)}.${hash(text, 0x811c9dc5)}.${hash(text, 0x01000193)}`;
}

export interface OfflineIndexDeps {
  /** Clock: decides which month is still open. */
  readonly now: () => number;
  /**
   * A closed month's segment is rebuilt when this many of its messages changed since it was built
   * (default: 200, or a fifth of the segment when that is more); fewer are scanned directly.
   */
  readonly closedMonthRebuild?: number;
}

export interface OfflineSearchOptions {
  readonly limit?: number;
  readonly prefixLast?: boolean;
  readonly timeZoneOffsetMinutes?: number;
}

export interface OfflineSearchResult {
  readonly hits: readonly SearchHit[];
  readonly hasMore: boolean;
  readonly warnings: readonly QueryWarning[];
}

export interface SerializedSegment {
  readonly id: string;
  readonly keys: readonly MessageId[];
  /** `documentFingerprint` of the version of each key that the segment indexed. */
  readonly fingerprints: readonly string[];
  readonly index: object;
}

export interface OfflineIndexStats {
  readonly documents: number;
  readonly pending: number;
  readonly segments: ReadonlyArray<{ readonly id: string; readonly documents: number }>;
}

export interface OfflineMaintainOptions {
  /**
   * Build at most this many segments (`recent` first, then the newest months), so a caller can
   * answer searches in between; the rest stays pending (scanned) and `remaining` says so.
   */
  readonly maxSegments?: number;
}

export interface OfflineMaintainResult {
  readonly rebuilt: readonly string[];
  /** Segments still due: call `maintain` again. */
  readonly remaining: boolean;
}

export interface OfflineIndex {
  add(doc: SearchDocument): void;
  remove(key: MessageId): void;
  search(
    query: string | QueryNode | null,
    scope: SearchScope,
    options?: OfflineSearchOptions,
  ): OfflineSearchResult;
  /** Moves pending messages into segments: closed months are (re)built only when they gained messages. */
  maintain(options?: OfflineMaintainOptions): OfflineMaintainResult;
  /** Closed-month segments (all, or those named), to persist (e.g. IndexedDB) and `restore` after a reload. */
  exportSegments(ids?: readonly string[]): SerializedSegment[];
  /**
   * Adopt a saved segment for messages already `add`ed, instead of rebuilding it. Messages that
   * changed since it was saved (another fingerprint) stay pending.
   */
  restore(segment: SerializedSegment): void;
  stats(): OfflineIndexStats;
}

type Scores = Map<MessageId, number>;

interface Segment {
  readonly id: string;
  readonly index: lunr.Index | null; // null: the pending messages, scanned directly
}

const RECENT = 'recent';
const PENDING = 'pending';

export function createOfflineIndex(deps: OfflineIndexDeps): OfflineIndex {
  const docs = new Map<MessageId, SearchDocument>();
  const fingerprints = new Map<MessageId, string>();
  const home = new Map<MessageId, string>();
  const segments = new Map<string, lunr.Index>();
  const tokenCache = new Map<MessageId, Map<Field, Token[]>>();

  const tokensOf = (key: MessageId, field: Field): Token[] => {
    let fields = tokenCache.get(key);
    if (!fields) {
      if (tokenCache.size > 20_000) tokenCache.clear();
      fields = new Map();
      tokenCache.set(key, fields);
    }
    let tokens = fields.get(field);
    if (!tokens) {
      tokens = tokenize(fieldText(docs.get(key)!, field));
      fields.set(field, tokens);
    }
    return tokens;
  };

  const members = new Map<string, Set<MessageId>>();
  const keysIn = (segmentId: string): ReadonlySet<MessageId> => members.get(segmentId) ?? new Set();
  const setHome = (key: MessageId, segmentId: string | null) => {
    const old = home.get(key);
    if (old !== undefined) members.get(old)?.delete(key);
    if (segmentId === null) {
      home.delete(key);
      return;
    }
    home.set(key, segmentId);
    let set = members.get(segmentId);
    if (!set) members.set(segmentId, (set = new Set()));
    set.add(key);
  };

  /** key → score of messages in `segment` where `pattern` occurs in one of `fields`. */
  const textMatches = (segment: Segment, pattern: TermPattern, fields: readonly Field[]): Scores => {
    const out: Scores = new Map();
    if (!segment.index) {
      for (const key of keysIn(PENDING)) {
        let score = 0;
        for (const f of fields) if (containsPattern(tokensOf(key, f), pattern)) score += BOOST[f];
        if (score > 0) out.set(key, score);
      }
      return out;
    }
    const last = pattern.terms.length - 1;
    const results = segment.index.query((q) => {
      pattern.terms.forEach((term, i) => {
        q.term(term, {
          fields: [...fields],
          presence: lunr.Query.presence.REQUIRED,
          usePipeline: false,
          wildcard:
            i === last && pattern.prefixLast ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
        });
      });
    });
    for (const r of results) {
      const key = r.ref as MessageId;
      if (home.get(key) !== segment.id) continue;
      // lunr has no positions: a phrase of several terms is confirmed on the message's own tokens,
      // in the fields where lunr found its first term.
      if (pattern.terms.length > 1) {
        const found = (Object.values(r.matchData.metadata)[0] as Record<string, unknown> | undefined) ?? {};
        const candidates = fields.filter((f) => f in found);
        if (!candidates.some((f) => containsPattern(tokensOf(key, f), pattern))) continue;
      }
      out.set(key, r.score);
    }
    return out;
  };

  const predicateOf = (node: QueryNode, tz: number): ((doc: SearchDocument) => boolean) | null => {
    switch (node.type) {
      case 'value': {
        const want = node.field === 'tag' || node.field === 'status' ? foldWord(node.value) : node.value;
        switch (node.field) {
          case 'tag':
            return (d) => (d.tags ?? []).some((t) => foldWord(t) === want);
          case 'status':
            return (d) => d.status != null && foldWord(d.status) === want;
          default: {
            const field = node.field;
            return (d) => d[field] === want;
          }
        }
      }
      case 'has':
        return (d) => d.attachments.length > 0;
      case 'date': {
        const at = startOfDay(node.date, tz);
        return node.op === 'before' ? (d) => d.date < at : (d) => d.date >= at;
      }
      case 'not': {
        const inner = predicateOf(node.child, tz);
        return inner ? (d) => !inner(d) : null;
      }
      default:
        return null;
    }
  };

  const evaluate = (segment: Segment, node: QueryNode, internal: boolean, tz: number): Scores => {
    const universe = (): Scores => new Map([...keysIn(segment.id)].map((k) => [k, 0]));
    const predicate = predicateOf(node, tz);
    if (predicate) {
      const out: Scores = new Map();
      for (const [k] of universe()) if (predicate(docs.get(k)!)) out.set(k, 0);
      return out;
    }
    switch (node.type) {
      case 'text': {
        const pattern = patternOf(node);
        if (!pattern) return universe();
        const fields = node.field ? [FIELD_OF[node.field]] : internal ? FIELDS : PUBLIC_FIELDS;
        return textMatches(segment, pattern, fields);
      }
      case 'not': {
        const excluded = evaluate(segment, node.child, internal, tz);
        const out = universe();
        for (const k of excluded.keys()) out.delete(k);
        return out;
      }
      case 'or': {
        const out: Scores = new Map();
        for (const child of node.children)
          for (const [k, s] of evaluate(segment, child, internal, tz)) out.set(k, (out.get(k) ?? 0) + s);
        return out;
      }
      case 'and': {
        const predicates: Array<(d: SearchDocument) => boolean> = [];
        const negatives: QueryNode[] = [];
        let candidates: Scores | null = null;
        for (const child of node.children) {
          const p = predicateOf(child, tz);
          if (p) predicates.push(p);
          else if (child.type === 'not') negatives.push(child.child);
          else {
            const scores = evaluate(segment, child, internal, tz);
            if (candidates === null) candidates = scores;
            else {
              const next: Scores = new Map();
              for (const [k, s] of candidates) {
                const other = scores.get(k);
                if (other !== undefined) next.set(k, s + other);
              }
              candidates = next;
            }
          }
          if (candidates?.size === 0) return candidates;
        }
        let out = candidates ?? universe();
        for (const neg of negatives) {
          const excluded = evaluate(segment, neg, internal, tz);
          out = new Map([...out].filter(([k]) => !excluded.has(k)));
        }
        if (predicates.length > 0)
          out = new Map([...out].filter(([k]) => predicates.every((p) => p(docs.get(k)!))));
        return out;
      }
      default:
        return new Map();
    }
  };

  const snippetFor = (doc: SearchDocument, patterns: readonly TermPattern[], internal: boolean) => {
    const sources: Array<{ source: Snippet['source']; text: string; filename?: string }> = [
      { source: 'body', text: doc.body },
      ...doc.attachments.flatMap((a) => [
        { source: 'attachment' as const, text: a.text, filename: a.filename },
        { source: 'attachment' as const, text: a.filename, filename: a.filename },
      ]),
      ...(internal ? doc.internal.map((text) => ({ source: 'internal' as const, text })) : []),
      { source: 'participants', text: participantsText([...doc.from, ...doc.to]) },
    ];
    for (const s of sources) {
      const ranges = highlightRanges(s.text, patterns);
      if (ranges.length > 0)
        return {
          ...snippetOf(s.text, ranges),
          source: s.source,
          ...(s.filename ? { filename: s.filename } : {}),
        };
    }
    return { ...snippetOf(doc.body, []), source: 'body' as const };
  };

  const allSegments = (): Segment[] => [
    ...[...segments].map(([id, index]) => ({ id, index })),
    { id: PENDING, index: null },
  ];

  return {
    add(doc) {
      const fingerprint = documentFingerprint(doc);
      const unchanged = fingerprints.get(doc.key) === fingerprint;
      docs.set(doc.key, doc);
      fingerprints.set(doc.key, fingerprint);
      if (unchanged && home.has(doc.key)) return; // only filters changed: the segment still holds its text
      setHome(doc.key, PENDING);
      tokenCache.delete(doc.key);
    },

    remove(key) {
      docs.delete(key);
      fingerprints.delete(key);
      setHome(key, null);
      tokenCache.delete(key);
    },

    search(query, scope, options = {}) {
      const parsed =
        typeof query === 'string'
          ? parseQuery(query, { prefixLast: options.prefixLast ?? false })
          : { ast: query, warnings: [] };
      const ast = parsed.ast;
      if (!ast) return { hits: [], hasMore: false, warnings: parsed.warnings };
      const readable = new Set<MailboxId>(scope.readable);
      const internalSet = new Set<MailboxId>(scope.internal.filter((m) => readable.has(m)));
      const tz = options.timeZoneOffsetMinutes ?? 0;
      const needPublic = scope.readable.some((m) => !internalSet.has(m));
      const merged: Scores = new Map();
      for (const segment of allSegments()) {
        const withInternal =
          internalSet.size > 0 ? evaluate(segment, ast, true, tz) : new Map<MessageId, number>();
        const withoutInternal = needPublic ? evaluate(segment, ast, false, tz) : new Map<MessageId, number>();
        for (const [k, s] of withInternal) if (internalSet.has(docs.get(k)!.mailbox)) merged.set(k, s);
        for (const [k, s] of withoutInternal) {
          const mailbox = docs.get(k)!.mailbox;
          if (readable.has(mailbox) && !internalSet.has(mailbox)) merged.set(k, s);
        }
      }
      const ranked = positiveTextLeaves(ast).length > 0;
      const ordered = [...merged]
        .map(([key, score]) => ({ doc: docs.get(key)!, score }))
        .sort((a, b) => (ranked ? b.score - a.score : 0) || b.doc.date - a.doc.date);
      const limit = options.limit ?? 20;
      const patterns = positiveTextLeaves(ast)
        .map(patternOf)
        .filter((p): p is TermPattern => p !== null);
      const hits = ordered.slice(0, limit).map(({ doc, score }): SearchHit => ({
        key: doc.key,
        mailbox: doc.mailbox,
        thread: doc.thread,
        date: doc.date,
        score: ranked ? score : 0,
        subject: highlightWhole(doc.subject, patterns),
        snippet: snippetFor(doc, patterns, internalSet.has(doc.mailbox)),
      }));
      return { hits, hasMore: ordered.length > limit, warnings: parsed.warnings };
    },

    maintain(options = {}) {
      const current = monthOf(deps.now());
      // Messages of a month that has closed since the last run leave `recent`.
      let recentDirty = false;
      for (const [key, where] of [...home])
        if (where === RECENT && monthOf(docs.get(key)!.date) < current) {
          setHome(key, PENDING);
          recentDirty = true;
        }
      const changedByMonth = new Map<string, number>();
      for (const key of keysIn(PENDING)) {
        const month = monthOf(docs.get(key)!.date);
        if (month < current) changedByMonth.set(month, (changedByMonth.get(month) ?? 0) + 1);
        else recentDirty = true;
      }
      const threshold = deps.closedMonthRebuild ?? 200;
      const due = [...changedByMonth]
        .filter(
          ([month, changed]) =>
            !segments.has(month) || changed >= Math.max(threshold, keysIn(month).size / 5),
        )
        .map(([month]) => month)
        .sort()
        .reverse();
      let budget = options.maxSegments ?? Infinity;
      if (recentDirty) budget -= 1;
      const dirtyMonths = due.slice(0, Math.max(0, budget));
      const remaining = dirtyMonths.length < due.length || (recentDirty && budget < 0);
      if (budget < 0) recentDirty = false; // maxSegments 0
      const rebuilt: string[] = [];
      const build = (id: string, members: SearchDocument[]) => {
        segments.set(id, buildLunr(members));
        for (const d of members) setHome(d.key, id);
        rebuilt.push(id);
      };
      if (dirtyMonths.length > 0) {
        const byMonth = new Map<string, SearchDocument[]>(dirtyMonths.map((m) => [m, []]));
        for (const d of docs.values()) byMonth.get(monthOf(d.date))?.push(d);
        for (const [month, members] of byMonth) build(month, members);
      }
      if (recentDirty)
        build(
          RECENT,
          [...docs.values()].filter((d) => monthOf(d.date) >= current),
        );
      for (const [id] of segments) if (id !== RECENT && keysIn(id).size === 0) segments.delete(id);
      return { rebuilt, remaining };
    },

    exportSegments(ids) {
      return [...segments]
        .filter(([id]) => id !== RECENT && (ids === undefined || ids.includes(id)))
        .map(([id, index]) => {
          const keys = [...keysIn(id)];
          return { id, keys, fingerprints: keys.map((k) => fingerprints.get(k)!), index: index.toJSON() };
        });
    },

    restore(segment) {
      segments.set(segment.id, lunr.Index.load(segment.index));
      segment.keys.forEach((key, i) => {
        if (docs.has(key) && fingerprints.get(key) === segment.fingerprints[i]) setHome(key, segment.id);
      });
    },

    stats() {
      return {
        documents: docs.size,
        pending: keysIn(PENDING).size,
        segments: [...segments.keys()].map((id) => ({ id, documents: keysIn(id).size })),
      };
    },
  };
}
