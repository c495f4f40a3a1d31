/**
 * Request logging that never writes a query string, a header or a body: one line per answer
 * with the method, the route pattern (`/api/exports/:id`), the status and the time taken. The
 * OAuth callback's `code` and `state` travel in the query string, so the raw URL is never logged.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Serializers for Fastify's logger: requests reduced to method and path, without the query. */
export const logSerializers = {
  req(request: FastifyRequest) {
    return { method: request.method, path: pathOnly(request.url) };
  },
  res(reply: { statusCode: number }) {
    return { statusCode: reply.statusCode };
  },
};

/** A request id: the caller's `x-request-id` when it is a plain token, else a fresh UUID. */
export function requestId(raw: { headers: Record<string, string | string[] | undefined> }): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

/** Logs one line per answered request and echoes the request id in `x-request-id`. */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request answered',
    );
  });
}

function pathOnly(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : url.slice(0, at);
}
