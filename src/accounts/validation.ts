import { AccountError } from './errors.ts';

/** Lower-cases and trims an address; the form every lookup and uniqueness check uses. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks the shape of an address: one `@`, no spaces, a dot in the domain, at most 254
 * characters. Whether it receives mail is not checked (Projan sends none).
 *
 * @throws {AccountError} `invalid_email`.
 */
export function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
    throw new AccountError(
      'invalid_email',
      'The email address is not valid. Enter an address such as name@example.com.',
    );
  }
  return trimmed;
}

/** @throws {AccountError} `weak_password` outside 10 to 1024 characters. */
export function checkPassword(password: string): void {
  if (password.length < 10 || password.length > 1024) {
    throw new AccountError(
      'weak_password',
      'The password must be between 10 and 1024 characters long. Choose a longer password.',
    );
  }
}

/**
 * Trims a display, team or token name and checks it is 1 to 100 characters.
 *
 * @throws {AccountError} `invalid_name` naming `what`.
 */
export function checkName(name: string, what: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) {
    throw new AccountError(
      'invalid_name',
      `The ${what} must be between 1 and 100 characters long. Enter a shorter or non-empty ${what}.`,
    );
  }
  return trimmed;
}
