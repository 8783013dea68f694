// Public surface of @wharf/search. Everything here is pure TypeScript that runs in Node and in a
// browser worker: the archive index receives the caller's `DatabaseSync` and imports no Node module.
// Attachment text extraction (Node only) is the separate entry `@wharf/search/extract`.
export type {
  Highlighted,
  Participant,
  SearchAttachment,
  SearchDocument,
  SearchHit,
  SearchScope,
  Snippet,
  SnippetSource,
} from './document.ts';
export { participantsText } from './document.ts';
export {
  foldWord,
  scanTerms,
  terms,
  tokenize,
  TOKENIZER_VERSION,
  type Token,
  type TokenKind,
  type TermSink,
} from './text/tokenize.ts';
export { highlightRanges, snippetOf } from './text/highlight.ts';
export type { CalendarDate, QueryNode, TextField, ValueField } from './query/ast.ts';
export { formatQuery, positiveTextLeaves, startOfDay } from './query/ast.ts';
export {
  parseCalendarDate,
  parseQuery,
  type ParsedQuery,
  type ParseOptions,
  type QueryWarning,
} from './query/parse.ts';
export {
  createArchiveIndex,
  indexedText,
  type ArchiveIndex,
  type ArchiveSearchOptions,
  type ArchiveSearchResult,
  type RebuildOptions,
  type RebuildProgress,
  type ThreadFields,
} from './archive/archive-index.ts';
export {
  createOfflineIndex,
  documentFingerprint,
  type OfflineIndex,
  type OfflineIndexDeps,
  type OfflineIndexStats,
  type OfflineSearchOptions,
  type OfflineSearchResult,
  type SerializedSegment,
} from './offline/offline-index.ts';
