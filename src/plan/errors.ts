/** Why a plan file could not be read at all (as opposed to problems inside it). */
export type PlanErrorCode = 'file-not-found' | 'not-a-file' | 'file-unreadable';

/**
 * Raised by `loadPlanFile` when the file itself cannot be read: it does not exist, is a
 * directory, or the system refuses to read it. Problems inside a file are diagnostics, never
 * exceptions. Branch on `code`; the message is a sentence for people.
 */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  readonly code: PlanErrorCode;
  /** The path as the caller gave it. */
  readonly path: string;

  constructor(code: PlanErrorCode, path: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}
