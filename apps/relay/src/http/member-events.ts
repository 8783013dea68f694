import type { User } from '../auth/index.ts';

/**
 * What the REST layer tells the rest of the relay after a member changes: the composition root
 * mirrors the member into the workspace doc and, when access shrank, closes their sockets so
 * they reconnect with the new grants. Routes await it, so a response means the doc is updated.
 */
export interface MemberEvents {
  changed(
    user: User,
    change: { revoked?: boolean; narrowed?: boolean; workspaceName?: string },
  ): Promise<void>;
}
