// Node-only entry `@wharf/search/extract`: attachment text for the archive index.
export {
  attachmentKind,
  attachmentKindByName,
  createAttachmentExtractor,
  type AttachmentExtractor,
  type AttachmentInput,
  type AttachmentKind,
  type ExtractorDeps,
  type ExtractResult,
  type Parsers,
  type Timers,
} from './extract.ts';
export {
  createWorkerExtractor,
  type WorkerExtractor,
  type WorkerExtractorOptions,
} from './worker-extractor.ts';
export { charsetOf, decodeText } from './text.ts';
export { systemTimers } from './timers.ts';
