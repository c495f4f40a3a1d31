import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { withEngine } from '../helpers/db.ts';
import { withServer } from './harness.ts';

test('a built web app is served with its files and an index.html fallback', () =>
  withEngine('sqlite', async (ctx) => {
    const dist = path.join(ctx.dataDir, 'web');
    mkdirSync(path.join(dist, 'assets'), { recursive: true });
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Projan</title>');
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log("projan");');
    await withServer(
      ctx,
      async (server) => {
        const browser = server.client();
        const page = await browser.get('/settings/integrations/jira?connected=1');
        assert.equal(page.status, 200);
        assert.match(page.headers['content-type'] ?? '', /text\/html/);
        assert.equal(page.text, '<!doctype html><title>Projan</title>');
        assert.match(page.headers['content-security-policy'] ?? '', /script-src 'self'/);
        const script = await browser.get('/assets/app.js');
        assert.equal(script.status, 200);
        assert.match(script.headers['content-type'] ?? '', /javascript/);
        const api = await browser.get('/api/not-a-route');
        assert.equal(api.status, 404);
        assert.equal(api.json.code, 'route_not_found');
      },
      { webDistDir: dist },
    );
  }));
