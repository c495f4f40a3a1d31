import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { withEngine } from '../helpers/db.ts';
import { PRIYA, withServer } from './harness.ts';

test('the OpenAPI document lists every route of the API', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const doc = await server.client().get('/api/docs');
      assert.equal(doc.status, 200);
      assert.match(doc.json.openapi, /^3\./);
      const documented = new Set<string>();
      for (const [path, ops] of Object.entries(doc.json.paths as Record<string, object>)) {
        for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
      }
      const expected = [
        'POST /api/auth/signup',
        'POST /api/auth/signin',
        'POST /api/auth/signout',
        'GET /api/auth/me',
        'GET /api/auth/csrf',
        'GET /api/workspaces',
        'POST /api/teams',
        'GET /api/workspaces/{id}/members',
        'POST /api/workspaces/{id}/members',
        'PATCH /api/workspaces/{id}/members/{userId}',
        'DELETE /api/workspaces/{id}/members/{userId}',
        'GET /api/workspaces/{id}/audit',
        'GET /api/tokens',
        'POST /api/tokens',
        'DELETE /api/tokens/{tokenId}',
        'GET /api/workspaces/{id}/integrations/jira',
        'POST /api/workspaces/{id}/integrations/jira/connect',
        'GET /api/integrations/jira/callback',
        'GET /api/workspaces/{id}/integrations/jira/sites',
        'POST /api/workspaces/{id}/integrations/jira/site',
        'POST /api/workspaces/{id}/integrations/jira/disconnect',
        'GET /api/workspaces/{id}/integrations/jira/projects',
        'GET /api/workspaces/{id}/integrations/jira/assignable-users',
        'GET /api/workspaces/{id}/integrations/jira/projects/{key}/issue-types',
        'POST /api/workspaces/{id}/plans',
        'GET /api/workspaces/{id}/plans',
        'GET /api/workspaces/{id}/plans/{planId}',
        'DELETE /api/workspaces/{id}/plans/{planId}',
        'GET /api/workspaces/{id}/plans/{planId}/assignees',
        'PUT /api/workspaces/{id}/plans/{planId}/assignees',
        'POST /api/workspaces/{id}/plans/{planId}/preflight',
        'POST /api/workspaces/{id}/plans/{planId}/exports',
        'GET /api/workspaces/{id}/exports',
        'GET /api/exports/{exportId}',
        'GET /api/exports/{exportId}/items',
        'GET /api/exports/{exportId}/events',
        'GET /api/docs',
      ];
      for (const route of expected) assert.ok(documented.has(route), `${route} is documented`);
      assert.equal(
        [...documented].filter((r) => !r.startsWith('HEAD ')).length,
        expected.length + 1,
        [...documented].join('\n'),
      );
      const upload = doc.json.paths['/api/workspaces/{id}/plans'].post;
      assert.ok(upload.requestBody.content['application/json'].schema.properties.content);
    }),
  ));

test('an event stream sends heartbeats while the export waits and ends when the server closes', () =>
  withEngine('sqlite', (ctx) =>
    withServer(
      ctx,
      async (server) => {
        const browser = server.client();
        const { user } = await browser.signUp('watcher@example.com');
        const ws = user.individualWorkspaceId;
        const started = await browser.post(`/api/workspaces/${ws}/integrations/jira/connect`);
        const callback = await server.consent(started.json.authorizeUrl, PRIYA);
        await browser.get(`${callback.pathname}${callback.search}`);
        await browser.post(`/api/workspaces/${ws}/plans`, {
          fileName: 'web-launch.yaml',
          content: await readFile('examples/plans/web-launch.yaml', 'utf8'),
        });
        const run = await browser.post(`/api/workspaces/${ws}/plans/web-launch/exports`, {
          projectKey: 'WEB',
        });
        assert.equal(run.status, 202);

        const res = await fetch(`${server.url}/api/exports/${run.json.id}/events`, {
          headers: { cookie: browser.cookie ?? '' },
        });
        const reader = res.body?.getReader();
        assert.ok(reader);
        let text = '';
        const decoder = new TextDecoder();
        while (!text.includes(': heartbeat')) {
          const chunk = await reader.read();
          if (chunk.done) break;
          text += decoder.decode(chunk.value);
        }
        assert.match(text, /^event: progress\ndata: \{.*"state":"queued"/);
        assert.ok(text.includes(': heartbeat'), 'a heartbeat comment arrives while queued');

        const closing = server.app.close();
        let rest = '';
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          rest += decoder.decode(chunk.value);
        }
        await closing;
        assert.doesNotMatch(rest, /event: finished/, 'the export never ran, so it did not finish');
      },
      { listen: true },
    ),
  ));

test('logs name method, route and status, never tokens, passwords or query strings', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const password = 'correct horse battery staple';
      await browser.signUp('logs@example.com', password);
      const created = await browser.post('/api/tokens', { name: 'ci' });
      const cli = server.client();
      cli.bearer = created.json.token;
      assert.equal((await cli.get('/api/workspaces?token=planted-query-value')).status, 200);
      await server
        .client()
        .get('/api/integrations/jira/callback?code=planted-code&state=planted-state');

      const lines = server.logs.map((line) => JSON.parse(line));
      const answered = lines.filter((l) => l.msg === 'request answered');
      assert.ok(
        answered.some(
          (l) => l.method === 'GET' && l.route === '/api/workspaces' && l.status === 200,
        ),
      );
      assert.ok(answered.some((l) => l.route === '/api/integrations/jira/callback'));
      const text = server.logs.join('');
      for (const secret of [
        created.json.token,
        password,
        'planted-query-value',
        'planted-code',
        'planted-state',
        browser.csrf ?? 'csrf',
      ]) {
        assert.equal(text.includes(secret), false, `the logs hold no ${secret.slice(0, 8)}…`);
      }
    }),
  ));
