/**
 * The server's one error handler: every failure leaves as `{code, message, guidance}` (the
 * catalogue's body for {@link ProjanError}), with a status that says who must act. Unexpected
 * errors answer 500 with the request id only; their details go to the log, never to the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AccountError, type AccountErrorCode } from '../accounts/index.ts';
import { fromJiraError } from '../connections/error-mapping.ts';
import { isProjanError } from '../errors/index.ts';
import { ExportNotFound } from '../exports/index.ts';
import { JiraApiError } from '../jira/errors.ts';

/** The JSON body of every error answer. */
export interface ErrorResponse {
  code: string;
  message: string;
  guidance: string[];
  /** Validation failures: the field and what is wrong with it. */
  fields?: Array<{ path: string; message: string }>;
  /** Set on 500 answers, to quote when reporting the problem. */
  requestId?: string;
  /** For `too_many_attempts` and `rate_limited`: seconds until a retry may succeed. */
  retryAfterSeconds?: number;
}

/**
 * A failure of the HTTP layer itself (not signed in, CSRF, unknown plan). The message is a full
 * sentence for people; it never holds a secret.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly code: string;
  readonly status: number;
  readonly guidance: string[];
  /** Extra fields merged into the body (for example the plan's validation diagnostics). */
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { guidance?: string[]; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.guidance = options.guidance ?? [];
    this.extra = options.extra ?? {};
  }
}

/** 401 for requests that need a signed-in user or an API token. */
export function notSignedIn(): HttpProblem {
  return new HttpProblem(401, 'not_signed_in', 'Sign in to Projan to do this.', {
    guidance: [
      'Sign in again in the web app, or send an API token as `Authorization: Bearer pjn_…`.',
    ],
  });
}

const ACCOUNT_STATUS: Record<AccountErrorCode, number> = {
  invalid_email: 400,
  weak_password: 400,
  invalid_name: 400,
  email_taken: 409,
  invalid_credentials: 401,
  too_many_attempts: 429,
  invalid_token: 401,
  not_found: 404,
  user_not_found: 404,
  already_member: 409,
  // Another team's workspace looks exactly like one that does not exist.
  not_a_member: 404,
  not_a_team: 400,
  forbidden: 403,
  last_admin: 409,
};

/** The status and body for any error thrown by a route. */
export function toErrorResponse(
  error: unknown,
  requestId: string,
): { status: number; body: ErrorResponse; headers?: Record<string, string> } {
  const mapped = error instanceof JiraApiError ? fromJiraError(error, 'the Jira site') : error;
  if (isProjanError(mapped)) return { status: mapped.status, body: mapped.toBody() };
  if (mapped instanceof HttpProblem) {
    return {
      status: mapped.status,
      body: {
        code: mapped.code,
        message: mapped.message,
        guidance: mapped.guidance,
        ...mapped.extra,
      },
    };
  }
  if (mapped instanceof AccountError) {
    const body: ErrorResponse = { code: mapped.code, message: mapped.message, guidance: [] };
    if (mapped.retryAfterMs === undefined) return { status: ACCOUNT_STATUS[mapped.code], body };
    const seconds = Math.max(1, Math.ceil(mapped.retryAfterMs / 1000));
    body.retryAfterSeconds = seconds;
    return { status: 429, body, headers: { 'retry-after': String(seconds) } };
  }
  if (mapped instanceof ExportNotFound) {
    return { status: 404, body: { code: mapped.code, message: mapped.message, guidance: [] } };
  }
  if (hasZodFastifySchemaValidationErrors(mapped)) return validationResponse(mapped);
  const fastifyError = mapped as Partial<FastifyError> | undefined;
  if (typeof fastifyError?.code === 'string' && fastifyError.code.startsWith('FST_CSRF')) {
    return {
      status: 403,
      body: {
        code: 'csrf_invalid',
        message: 'The request lacks a valid CSRF token, so Projan refused it.',
        guidance: [
          'Reload the page and try again. HTTP clients: send the token from GET /api/auth/csrf in the x-csrf-token header, or use an API token instead of the session cookie.',
        ],
      },
    };
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: clientErrorBody(status, fastifyError?.code) };
  }
  return {
    status: 500,
    body: {
      code: 'internal_error',
      message: `Projan failed unexpectedly while handling this request. Quote request id ${requestId} when reporting it.`,
      guidance: ['Try again in a moment. If it keeps failing, tell the operator the request id.'],
      requestId,
    },
  };
}

function validationResponse(error: {
  validation: Array<{ instancePath: string; message?: string }>;
  validationContext?: string;
}) {
  const where = error.validationContext ?? 'body';
  const fields = error.validation.map((issue) => ({
    path: [where, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
    message: issue.message ?? 'is invalid',
  }));
  const list = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  return {
    status: 400,
    body: {
      code: 'invalid_request',
      message: `The request is invalid (${list}). Correct these fields and send it again.`,
      guidance: [],
      fields,
    },
  };
}

// Fastify's own 4xx (bad JSON, body too large, unsupported media type): their codes are
// stable, their messages may echo input, so a fixed sentence is sent instead.
function clientErrorBody(status: number, code: string | undefined): ErrorResponse {
  if (status === 413) {
    return {
      code: 'body_too_large',
      message: 'The request body is larger than Projan accepts (5 MB for plan uploads).',
      guidance: ['Split the plan into smaller plans and upload them one by one.'],
    };
  }
  if (status === 415) {
    return {
      code: 'unsupported_media_type',
      message: 'Send the request body as JSON (content-type: application/json).',
      guidance: [],
    };
  }
  return {
    code: code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'invalid_json' : 'bad_request',
    message:
      code === 'FST_ERR_CTP_INVALID_JSON_BODY'
        ? 'The request body is not valid JSON.'
        : 'The request could not be understood.',
    guidance: [],
  };
}

/** Installs the error and not-found handlers. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, headers } = toErrorResponse(error, request.id);
    if (status >= 500) {
      request.log.error({ err: logSafe(error) }, 'request failed');
    } else {
      request.log.info({ code: body.code, status }, 'request refused');
    }
    if (headers) void reply.headers(headers);
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({
      code: 'route_not_found',
      message: `There is no ${request.method} ${request.url.split('?')[0]} in Projan's API.`,
      guidance: ['See GET /api/docs for the list of routes.'],
    } satisfies ErrorResponse);
  });
}

// The name, code and stack are enough to find the fault; the message of a foreign error could
// quote request data, so it is kept only for Projan's own errors, which are log-safe by design.
function logSafe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  return {
    type: error.name,
    code: (error as { code?: unknown }).code,
    stack: error.stack?.split('\n').slice(1, 8).join('\n'),
  };
}
