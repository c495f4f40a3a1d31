/**
 * `buildApp`: the Fastify application serving Projan's HTTP API under `/api/` (JSON, zod
 * schemas, an OpenAPI document at `/api/docs`), sessions with CSRF, API tokens, rate-limited
 * sign-in, security headers, one error handler and a request log without query strings.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { App, RouteContext, ServerDeps } from './context.ts';
import { HttpProblem, installErrorHandler } from './errors.ts';
import { logSerializers, registerRequestLog, requestId } from './logging.ts';
import { createPlanRepository } from './plans/repository.ts';
import { type AuthRateLimit, registerAuthRoutes } from './routes/auth.ts';
import { registerExportRoutes } from './routes/exports.ts';
import { registerJiraRoutes } from './routes/jira.ts';
import { registerPlanRoutes } from './routes/plans.ts';
import { registerWorkspaceRoutes } from './routes/workspaces.ts';
import { registerSecurityHeaders } from './security.ts';
import { registerSessions } from './session.ts';
import { registerTextGuard } from './text-guard.ts';
import { serveWebApp } from './web-app.ts';

/** What {@link buildApp} needs besides the cores. */
export interface AppOptions extends ServerDeps {
  /** 32-byte session keys, newest first (older ones still open existing cookies). */
  sessionKeys: Buffer[];
  /** The public base URL (`PROJAN_PUBLIC_URL`); https makes cookies `Secure` and adds HSTS. */
  publicUrl: string;
  /** A pino logger (Fastify's own when absent and `logLevel` is set); default: silent. */
  logger?: FastifyBaseLogger;
  /** Limit of sign-in and sign-up requests per client address (default 20 a minute). */
  authRateLimit?: AuthRateLimit;
  /** Built web app to serve (see {@link serveWebApp}); skipped when the directory is absent. */
  webDistDir?: string;
  /** Milliseconds between SSE heartbeats (default 15 s). */
  sseHeartbeatMs?: number;
  /** Where the OAuth callback sends the browser (default `/settings/integrations/jira`). */
  settingsPath?: string;
  /** Trust `X-Forwarded-For` (behind a reverse proxy); default false. */
  trustProxy?: boolean;
}

/** Default sign-in/sign-up limit per client address. */
export const DEFAULT_AUTH_RATE_LIMIT: AuthRateLimit = { max: 20, timeWindowMs: 60_000 };

/**
 * Builds the app (not listening: call `listen`, or `inject` in tests). Registers every route;
 * the returned instance is ready once awaited `ready()`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const https = options.publicUrl.startsWith('https:');
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Fastify's own request lines carry the raw URL; registerRequestLog writes safe ones.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  if (options.logger) app.log = options.logger.child({}, { serializers: logSerializers });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  installErrorHandler(app);
  registerRequestLog(app);
  registerSecurityHeaders(app, { https });
  registerTextGuard(app);
  await registerSessions(app, { keys: options.sessionKeys, secure: https });
  // TODO: The sign-in rate limit counts in this process's memory; several servers behind one
  // address each count separately. A store shared through the database would make it global.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpProblem(
        429,
        'rate_limited',
        `Too many attempts from this address. Wait ${seconds} seconds and try again.`,
        { extra: { retryAfterSeconds: seconds } },
      );
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Projan HTTP API',
        version: '1',
        description:
          'Export project plans into Jira Cloud. Authenticate with the session cookie plus the x-csrf-token header, or with `Authorization: Bearer pjn_…`. Errors are `{code, message, guidance}`.',
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'projan_session' },
        },
      },
      security: [{ apiToken: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const ctx: RouteContext = {
    db: options.db,
    accounts: options.accounts,
    connections: options.connections,
    exports: options.exports,
    hub: options.hub,
    apiBaseUrl: options.apiBaseUrl,
    plans: createPlanRepository(options.db),
    sseHeartbeatMs: options.sseHeartbeatMs ?? 15_000,
    settingsPath: options.settingsPath ?? '/settings/integrations/jira',
    streams: new Set(),
  };
  // Event streams are hijacked connections: without this, closing would wait for them forever.
  app.addHook('preClose', async () => {
    for (const close of ctx.streams) close();
  });
  registerRoutes(app, ctx, options.authRateLimit ?? DEFAULT_AUTH_RATE_LIMIT);
  if (options.webDistDir !== undefined) await serveWebApp(app, options.webDistDir);
  await app.ready();
  return app;
}

function registerRoutes(app: App, ctx: RouteContext, authLimit: AuthRateLimit): void {
  registerAuthRoutes(app, ctx, authLimit);
  registerWorkspaceRoutes(app, ctx);
  registerJiraRoutes(app, ctx);
  registerPlanRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  const openApi = { schema: { tags: ['docs'], summary: 'This API as an OpenAPI 3.1 document' } };
  app.get('/api/docs', openApi, async () => app.swagger());
  app.get('/api/docs/openapi.json', openApi, async () => app.swagger());
}
