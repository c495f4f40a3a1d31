/**
 * Codes of {@link AccountError}; the server maps them to HTTP statuses and the CLI to exit codes.
 *
 * | code | when |
 * | --- | --- |
 * | `invalid_email` | the address is not a plausible email address |
 * | `weak_password` | the password is shorter than 10 or longer than 1024 characters |
 * | `invalid_name` | a display, team or token name is empty or longer than 100 characters |
 * | `email_taken` | sign-up with an address that already has an account |
 * | `invalid_credentials` | wrong email or password (never says which) |
 * | `too_many_attempts` | the sign-in rate limit for the address or the IP is reached |
 * | `invalid_token` | an API token that is unknown or revoked |
 * | `not_found` | an API token or member that does not exist for this user or workspace |
 * | `user_not_found` | adding a member by an address that has no account |
 * | `already_member` | adding someone who is already in the team |
 * | `not_a_member` | the user is not in the workspace (also for workspaces that do not exist) |
 * | `not_a_team` | a team operation on an individual workspace |
 * | `forbidden` | the user's role does not allow the operation |
 * | `last_admin` | removing or demoting the team's only admin |
 */
export type AccountErrorCode =
  | 'invalid_email'
  | 'weak_password'
  | 'invalid_name'
  | 'email_taken'
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'invalid_token'
  | 'not_found'
  | 'user_not_found'
  | 'already_member'
  | 'not_a_member'
  | 'not_a_team'
  | 'forbidden'
  | 'last_admin';

/**
 * Every failure of the accounts core. The message is a full sentence for people saying what to
 * do; it never contains a password or token.
 */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  /** Stable machine-readable code. */
  readonly code: AccountErrorCode;
  /** For `too_many_attempts`: milliseconds until the next attempt may succeed. */
  readonly retryAfterMs?: number;

  constructor(code: AccountErrorCode, message: string, extra: { retryAfterMs?: number } = {}) {
    super(message);
    this.code = code;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
}
