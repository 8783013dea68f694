import type { User } from '../auth/index.ts';

/**
 * What the REST layer tells the rest of the relay after a member changes: the composition root
 * mirrors the member into the workspace doc and, when their role or grants changed, closes their
 * sockets so they reconnect under the new rules. Routes await it, so a response means the doc is updated.
 */
export interface MemberEvents {
  changed(
    user: User,
    change: { revoked?: boolean; accessChanged?: boolean; workspaceName?: string },
  ): Promise<void>;
}
