/**
 * Refuses request bodies whose text holds a NUL character. PostgreSQL cannot store it (error
 * 22021) and no name, title or id needs it; without this guard such a request fails deep in the
 * database with a 500. Plan file contents are left to the plan validator, which names the item
 * and line of the offending character.
 */
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './errors.ts';

const CHECKED_BY_PLAN_VALIDATION = new Set(['content']);

/** Registers the guard on every route. */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field = nulField(request.body, '');
    if (field !== undefined) {
      throw new HttpProblem(
        400,
        'invalid_text',
        `The field ${field || 'body'} holds a NUL character (U+0000); remove it and send the request again.`,
      );
    }
  });
}

function nulField(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, entry] of value.entries()) {
      const found = nulField(entry, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      if (path === '' && CHECKED_BY_PLAN_VALIDATION.has(key)) continue;
      const found = nulField(entry, path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
