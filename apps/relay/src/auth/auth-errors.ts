// Every way an auth operation can be refused; the HTTP layer maps each code to a status and a
// bilingual message (http/errors.ts).
export type AuthErrorCode =
  | 'already_set_up'
  | 'invalid_credentials'
  | 'rate_limited'
  | 'email_taken'
  | 'invite_invalid'
  | 'invite_email_mismatch'
  | 'user_not_found'
  | 'last_admin'
  | 'role_not_allowed'
  | 'mailbox_not_allowed';

export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(code: AuthErrorCode, retryAfterMs?: number) {
    super(code);
    this.name = 'AuthError';
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}
