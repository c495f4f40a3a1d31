import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { loadPlanText } from '../../src/plan/load.ts';
import { openRuntime } from '../../src/runtime/open.ts';

const OAUTH_APP = {
  ATLASSIAN_CLIENT_ID: 'runtime-test-client',
  ATLASSIAN_CLIENT_SECRET: 'runtime-test-secret',
  ATLASSIAN_AUTH_URL: 'http://127.0.0.1:9',
  ATLASSIAN_API_URL: 'http://127.0.0.1:9',
};
const silent = pino({ level: 'silent' });

function withDataDir(body: (dataDir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'projan-runtime-'));
    try {
      await body(path.join(dir, 'data'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'openRuntime refuses a configuration without the OAuth app before touching the data directory',
  withDataDir(async (dataDir) => {
    await assert.rejects(
      openRuntime(loadConfig({ PROJAN_DATA_DIR: dataDir }), { logger: silent }),
      {
        name: 'OAuthError',
        code: 'client_misconfigured',
        message: 'ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET must be set to connect Jira.',
      },
    );
    assert.equal(existsSync(dataDir), false, 'no database or key file was created');
  }),
);

test(
  'openRuntime opens the store and the cores; their data outlives the process’s runtime',
  withDataDir(async (dataDir) => {
    const config = loadConfig({ ...OAUTH_APP, PROJAN_DATA_DIR: dataDir });
    const first = await openRuntime(config, { logger: silent });
    const user = await first.accounts.users.signUp({
      email: 'runtime@example.com',
      password: 'runtime-password-long',
      displayName: 'Runtime',
    });
    const [workspace] = await first.accounts.workspaces.listWorkspaces(user.id);
    assert.ok(workspace);
    const { plan } = loadPlanText(
      'id: p\ntitle: P\nitems:\n  - id: a\n    type: task\n    title: A\n',
      'p.yaml',
    );
    assert.ok(plan);
    await assert.rejects(
      first.exports.preflight({
        userId: user.id,
        workspaceId: workspace.workspace.id,
        plan,
        projectKey: 'WEB',
      }),
      {
        name: 'ProjanError',
        code: 'not_connected',
        message: 'Jira is not connected to this workspace.',
      },
    );
    const jobId = await first.queue.enqueue('runtime-test', { n: 1 });
    await first.close();
    await first.close();

    assert.equal(statSync(path.join(dataDir, 'secret.key')).mode & 0o777, 0o600);
    const second = await openRuntime(config, { logger: silent });
    try {
      const again = await second.accounts.workspaces.listWorkspaces(user.id);
      assert.deepEqual(
        again.map((w) => w.workspace.id),
        [workspace.workspace.id],
      );
      assert.equal((await second.queue.get(jobId))?.state, 'queued');
    } finally {
      await second.close();
    }
  }),
);
