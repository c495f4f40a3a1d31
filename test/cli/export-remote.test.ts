import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { Browser } from '../../src/demo/browser.ts';
import { startServer } from '../../src/server/start.ts';
import {
  type CliWorld,
  PRIYA,
  runExport,
  SMALL_PLAN,
  submitConsent,
  withCliWorld,
} from './export-harness.ts';

/** Signs up through the API, connects Jira through the consent form, returns an API token. */
async function tokenFor(world: CliWorld, url: string, workspaceLimited = false) {
  const browser = new Browser();
  browser.csrfToken = (await browser.api<{ csrfToken: string }>(`${url}/api/auth/csrf`)).csrfToken;
  const account = await browser.api<{ csrfToken: string; workspaces: Array<{ id: string }> }>(
    `${url}/api/auth/signup`,
    {
      json: {
        email: 'remote@example.com',
        password: 'remote-password-long',
        displayName: 'Remote',
      },
    },
  );
  browser.csrfToken = account.csrfToken;
  const workspaceId = account.workspaces[0]?.id ?? '';
  const jira = `${url}/api/workspaces/${workspaceId}/integrations/jira`;
  const { authorizeUrl } = await browser.api<{ authorizeUrl: string }>(`${jira}/connect`, {
    method: 'POST',
    json: {},
  });
  const query = await submitConsent(world.emulator, authorizeUrl, PRIYA);
  const landing = await browser.follow(`${url}/api/integrations/jira/callback?${query}`);
  assert.match(landing[0]?.location ?? '', /connected=1/);
  await browser.api(`${url}/api/teams`, { json: { name: 'Second team' } });
  const created = await browser.api<{ token: string }>(`${url}/api/tokens`, {
    json: { name: 'cli', ...(workspaceLimited ? { workspaceId } : {}) },
  });
  return { token: created.token, workspaceId };
}

test('projan export --server exports through a running Projan with an API token', {
  timeout: 60_000,
}, async () => {
  await withCliWorld(async (world) => {
    const server = await startServer(
      loadConfig({ ...world.env, PROJAN_DATA_DIR: path.join(world.dir, 'server') }),
      {
        port: 0,
        host: '127.0.0.1',
        webDistDir: path.join(world.dir, 'no-web'),
        worker: 'embedded',
      },
      { logger: pino({ level: 'silent' }), workerPollMs: 20 },
    );
    try {
      const { token, workspaceId } = await tokenFor(world, server.url);
      const plan = world.file('plan.yaml', SMALL_PLAN);
      const env = { PROJAN_TOKEN: token };
      const remote = ['--project', 'WEB', '--server', server.url];

      const ambiguous = await runExport(env, plan, ...remote, '--dry-run');
      assert.equal(ambiguous.code, 1);
      assert.match(
        ambiguous.stderr,
        /^This token reaches 2 workspaces; choose one with --workspace\.$/m,
      );

      const dry = await runExport(
        env,
        plan,
        ...remote,
        '--workspace',
        workspaceId,
        '--dry-run',
        '--json',
      );
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(JSON.parse(dry.stdout).counts, {
        create: 3,
        update: 0,
        unchanged: 0,
        links: 1,
        transitions: 0,
      });
      assert.equal((await world.issues()).filter((i) => i.summary.startsWith('CLI ')).length, 0);

      const first = await runExport(env, plan, ...remote, '--workspace', 'Remote');
      assert.equal(first.code, 0, first.stderr);
      assert.match(
        first.stderr,
        /^Creating issues 0\/4$/m,
        'progress is followed while the server runs the export',
      );
      assert.match(first.stdout, /^Export exp_\S+ of "CLI shop" to WEB: succeeded in [\d.]+ s\.$/m);
      assert.match(
        first.stdout,
        /^Created 3, updated 0, unchanged 0, failed 0, blocked 0, 1 link\.$/m,
      );
      const ours = (await world.issues()).filter((i) => i.summary.startsWith('CLI '));
      assert.equal(ours.length, 3);
      for (const issue of ours) assert.match(first.stdout, new RegExp(`/browse/${issue.key}\\n`));

      const again = await runExport(env, plan, ...remote, '--workspace', workspaceId, '--json');
      assert.equal(again.code, 0, again.stderr);
      const result = JSON.parse(again.stdout);
      assert.equal(result.export.state, 'succeeded');
      assert.equal(result.export.summary.unchanged, 3);
      assert.equal(result.items.length, 3);
      assert.equal((await world.issues()).filter((i) => i.summary.startsWith('CLI ')).length, 3);

      const badToken = await runExport({ PROJAN_TOKEN: 'pjn_not-a-token' }, plan, ...remote);
      assert.equal(badToken.code, 1);
      assert.equal(
        badToken.stderr,
        'The API token is not valid or has been revoked. Create a new token in Settings > API tokens.\n',
        "the API's own message",
      );
      assert.doesNotMatch(badToken.stderr + badToken.stdout, /pjn_not-a-token/);

      const unknown = await runExport(env, plan, ...remote, '--workspace', 'nope', '--json');
      assert.equal(unknown.code, 1);
      assert.equal(JSON.parse(unknown.stdout).error.code, 'unknown_workspace');

      const team = await runExport(env, plan, ...remote, '--workspace', 'Second team', '--dry-run');
      assert.equal(team.code, 1);
      assert.match(team.stderr, /^Jira is not connected to this workspace\.$/m);
      assert.match(
        team.stderr,
        /^ {2}- Go to Settings > Integrations > Jira and click “Connect Jira”\.$/m,
      );
    } finally {
      await server.close();
    }
  });
});
