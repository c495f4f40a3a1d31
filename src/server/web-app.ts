/**
 * The hook for the web app: serves its built files from `distDir` and answers every other GET
 * outside `/api/` with `index.html`, so the single-page app's own routes
 * (`/settings/integrations/jira`) load on a refresh.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the SPA when `distDir` holds an `index.html`; returns whether it did. Call it before
 * the app is ready (it registers routes). API routes keep their JSON 404s.
 */
export async function serveWebApp(app: FastifyInstance, distDir: string): Promise<boolean> {
  const root = path.resolve(distDir);
  if (!existsSync(path.join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: 'index.html' });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({
        code: 'route_not_found',
        message: `There is no ${request.method} ${request.url.split('?')[0]} in Projan's API.`,
        guidance: ['See GET /api/docs for the list of routes.'],
      });
    }
    return reply.sendFile('index.html');
  });
  return true;
}
