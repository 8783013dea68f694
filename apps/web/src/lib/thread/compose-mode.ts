import type { ComposeKind } from '@wharf/model';

/** What the composer was opened for; new mail has its own page (routes/(app)/compose). */
export type ComposeMode = Exclude<ComposeKind, 'new'>;
