/**
 * The one way the web app talks to the server: JSON over `/api/`, the session cookie sent by the
 * browser, and the session's CSRF token in `x-csrf-token` on every state-changing request.
 * Failures become {@link ApiError} carrying the server's `{code, message, guidance}`.
 */

/** Header the server reads the CSRF token from. */
const CSRF_HEADER = 'x-csrf-token';

/** An error answer of the API, as people should see it: message plus the steps to take. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly guidance: string[];
  /** The whole body (for example the plan diagnostics of a 422). */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const message =
      typeof body.message === 'string'
        ? body.message
        : `The server answered ${status} without an explanation. Try again in a moment.`;
    super(message);
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : 'http_error';
    this.guidance = Array.isArray(body.guidance)
      ? body.guidance.filter((g): g is string => typeof g === 'string')
      : [];
    this.body = body;
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token an auth answer carried (sign-in, sign-up, `me`). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

async function freshCsrfToken(): Promise<string> {
  const answer = await request<{ csrfToken: string }>('GET', '/api/auth/csrf');
  csrfToken = answer.csrfToken;
  return answer.csrfToken;
}

/**
 * Sends one request. Mutating requests fetch a CSRF token first when none is known, and retry
 * once with a fresh token when the server refuses the old one (the session changed).
 * @throws ApiError for every non-2xx answer; a TypeError when the server cannot be reached.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const unsafe = method !== 'GET' && method !== 'HEAD';
  if (!unsafe) return request<T>(method, path, body);
  const token = csrfToken ?? (await freshCsrfToken());
  try {
    return await request<T>(method, path, body, token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'csrf_invalid') throw error;
    return request<T>(method, path, body, await freshCsrfToken());
  }
}

async function request<T>(method: string, path: string, body?: unknown, csrf?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrf !== undefined) headers[CSRF_HEADER] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = text.length > 0 ? safeJson(text) : {};
  if (!response.ok) throw new ApiError(response.status, isRecord(parsed) ? parsed : {});
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns anything thrown into something {@link ApiError}-shaped for display. */
export function toProblem(error: unknown): { code: string; message: string; guidance: string[] } {
  if (error instanceof ApiError) {
    return { code: error.code, message: error.message, guidance: error.guidance };
  }
  return {
    code: 'network_error',
    message: 'Projan could not reach its server.',
    guidance: ['Check that the Projan server is running, then reload the page.'],
  };
}

/** Encodes one path segment. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
