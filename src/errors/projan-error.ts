import { catalogue, type ErrorCode, type ErrorParams, type ParamsOf } from './catalogue.ts';

/** What the HTTP API and the CLI print for a failure. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  guidance: string[];
}

/**
 * A failure a person can act on, worded by the catalogue. Build it with the code and the
 * parameters the wording needs; `message`, `status` and `guidance` follow. It holds no secret:
 * its `cause`, when given, must itself be log-safe (for example an `OAuthError`).
 */
export class ProjanError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'ProjanError';
  readonly code: C;
  /** HTTP status for the API. */
  readonly status: number;
  /** Steps to take, in order. */
  readonly guidance: readonly string[];
  readonly audience: 'user' | 'operator';

  constructor(
    code: C,
    ...[params, options]: C extends keyof ErrorParams
      ? [params: ParamsOf<C>, options?: { cause?: Error }]
      : [params?: ParamsOf<C>, options?: { cause?: Error }]
  ) {
    const entry = catalogue[code];
    const p = (params ?? {}) as ParamsOf<C>;
    super(entry.message(p), options?.cause ? { cause: options.cause } : undefined);
    this.code = code;
    this.status = entry.status;
    this.guidance = entry.guidance(p);
    this.audience = entry.audience;
  }

  /** The body the HTTP API sends and the CLI prints. */
  toBody(): ErrorBody {
    return { code: this.code, message: this.message, guidance: [...this.guidance] };
  }

  /** Log-safe view. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, ...this.toBody(), status: this.status };
  }
}

/** Narrows `error` to a {@link ProjanError}, optionally with a given code. */
export function isProjanError<C extends ErrorCode>(
  error: unknown,
  code?: C,
): error is ProjanError<C> {
  return error instanceof ProjanError && (code === undefined || error.code === code);
}
