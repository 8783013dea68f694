// Node-only entry `@wharf/search/extract`: attachment text for the archive index.
export {
  attachmentKind,
  createAttachmentExtractor,
  type AttachmentExtractor,
  type AttachmentInput,
  type AttachmentKind,
  type ExtractorDeps,
  type ExtractResult,
  type Timers,
} from './extract.ts';
export { charsetOf, decodeText } from './text.ts';
export { systemTimers } from './timers.ts';
