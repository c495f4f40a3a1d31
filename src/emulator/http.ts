import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the emulator reads; Jira's own limits are far below it. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A request body that could not be read or parsed. */
export class BodyError extends Error {
  constructor(
    readonly code: 'body_too_large' | 'body_invalid',
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Reads the raw body as text. */
export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyError('body_too_large', 'Request body too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses a body as JSON or as an HTML form, by content type; undefined when empty. A body with
 * no or another content type is tried as JSON, as lenient servers do.
 */
export function parseBody(text: string, contentType: string | undefined): unknown {
  if (text.length === 0) return undefined;
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError('body_invalid', 'Request body is not valid JSON.');
  }
}

/** An answer, built by a handler and written (or dropped) by the server. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** A JSON answer; an undefined body gives an empty one. */
export function jsonReply(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpReply {
  if (body === undefined) return { status, headers };
  return {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** An HTML page; the pages carry no external assets, so a strict CSP fits them. */
export function htmlReply(status: number, html: string): HttpReply {
  return {
    status,
    headers: {
      'content-type': 'text/html;charset=UTF-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action *",
      'cache-control': 'no-store',
    },
    body: html,
  };
}

/** A 302 to `location`. */
export function redirectReply(location: string): HttpReply {
  return { status: 302, headers: { location, 'cache-control': 'no-store' } };
}

/** Writes a reply to the socket. */
export function writeReply(res: ServerResponse, reply: HttpReply): void {
  const headers = { ...reply.headers };
  if (reply.body !== undefined) headers['content-length'] = String(Buffer.byteLength(reply.body));
  res.writeHead(reply.status, headers).end(reply.body);
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Reads a string field of a parsed body; anything else counts as absent. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
