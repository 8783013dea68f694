export type ComposeMode = 'reply' | 'replyAll' | 'forward';
