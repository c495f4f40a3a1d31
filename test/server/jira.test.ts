import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProjanError } from '../../src/errors/index.ts';
import { withEngine } from '../helpers/db.ts';

/** The fixture's account that administers no project. */
const SAM = '5f1a2b3c4d5e6f7a8b9c0d03';

import {
  ADA,
  type Client,
  LABS_SITE,
  PRIYA,
  SOFTWARE_SITE,
  type TestServer,
  withServer,
} from './harness.ts';

/** Starts "Connect Jira" for the workspace, consents as `accountId`, follows the callback. */
async function connect(
  server: TestServer,
  browser: Client,
  workspaceId: string,
  accountId: string,
) {
  const started = await browser.post(`/api/workspaces/${workspaceId}/integrations/jira/connect`);
  assert.equal(started.status, 200, started.text);
  const callback = await server.consent(started.json.authorizeUrl, accountId);
  assert.equal(callback.pathname, '/api/integrations/jira/callback');
  const landed = await browser.get(`${callback.pathname}${callback.search}`);
  assert.equal(landed.status, 303);
  return { callback, location: new URL(landed.headers.location ?? '', server.url) };
}

test('connect through the consent form: callback redirect, status card, projects, disconnect', () =>
  withEngine('sqlite', (ctx) =>
    withServer(
      ctx,
      async (server) => {
        const browser = server.client();
        const { user } = await browser.signUp('priya@example.com');
        const ws = user.individualWorkspaceId;
        const before = await browser.get(`/api/workspaces/${ws}/integrations/jira`);
        assert.equal(before.json.state, 'not_connected');
        assert.equal(before.json.canManage, true);

        const { callback, location } = await connect(server, browser, ws, PRIYA);
        assert.equal(location.pathname, '/settings/integrations/jira');
        assert.equal(location.searchParams.get('connected'), '1');
        assert.equal(location.searchParams.get('workspace'), ws);

        const card = await browser.get(`/api/workspaces/${ws}/integrations/jira`);
        assert.equal(card.json.state, 'connected');
        assert.equal(card.json.reconnectRequired, false);
        assert.equal(card.json.connection.site.cloudId, SOFTWARE_SITE);
        assert.equal(card.json.connection.installerAccountId, PRIYA);
        assert.equal(card.json.connection.connectedBy, user.id);
        const scopes = card.json.scopes as Array<{ scope: string; purpose: string }>;
        assert.equal(
          scopes.find((s) => s.scope === 'write:jira-work')?.purpose,
          'Create and update issues',
        );

        const replayed = await browser.get(`${callback.pathname}${callback.search}`);
        assert.equal(replayed.status, 303);
        const replayTarget = new URL(replayed.headers.location ?? '', server.url);
        assert.equal(replayTarget.searchParams.get('error'), 'oauth_state_replayed');

        const projects = await browser.get(`/api/workspaces/${ws}/integrations/jira/projects`);
        assert.equal(projects.status, 200, projects.text);
        assert.ok(projects.json.projects.some((p: { key: string }) => p.key === 'WEB'));

        const users = await browser.get(
          `/api/workspaces/${ws}/integrations/jira/assignable-users?project=WEB&query=`,
        );
        assert.equal(users.status, 200, users.text);
        assert.ok(users.json.users.length > 0);
        assert.equal(typeof users.json.users[0].accountId, 'string');

        const accessToken = await server.connections.getAccessToken(card.json.connection.id);
        const gone = await browser.post(`/api/workspaces/${ws}/integrations/jira/disconnect`);
        assert.equal(gone.status, 200, gone.text);
        assert.match(gone.json.message, /Previously exported issues remain in Jira unaffected/);
        assert.ok(gone.json.steps.length > 0);
        const after = await browser.get(`/api/workspaces/${ws}/integrations/jira`);
        assert.equal(after.json.state, 'not_connected');

        const logText = server.logs.join('');
        const code = callback.searchParams.get('code') ?? '';
        const state = callback.searchParams.get('state') ?? '';
        assert.ok(code.length > 0 && state.length > 0);
        assert.ok(logText.includes('/api/integrations/jira/callback'), 'the callback was logged');
        assert.equal(logText.includes(code), false, 'no OAuth code in the logs');
        assert.equal(logText.includes(state), false, 'no OAuth state in the logs');
        assert.equal(logText.includes(accessToken), false, 'no access token in the logs');
        assert.equal(logText.includes(browser.cookie?.split('=')[1] ?? 'x'), false, 'no cookie');
      },
      { listen: true },
    ),
  ));

test('Ada chooses between her two sites', () =>
  withEngine('sqlite', (ctx) =>
    withServer(
      ctx,
      async (server) => {
        const browser = server.client();
        const { user } = await browser.signUp('ada@example.com');
        const ws = user.individualWorkspaceId;
        const { location } = await connect(server, browser, ws, ADA);
        assert.equal(location.searchParams.get('choose-site'), '1');
        assert.equal(location.searchParams.get('workspace'), ws);

        const card = await browser.get(`/api/workspaces/${ws}/integrations/jira`);
        assert.equal(card.json.state, 'pending_site_choice');
        const sites = await browser.get(`/api/workspaces/${ws}/integrations/jira/sites`);
        const ids = sites.json.sites.map((s: { cloudId: string }) => s.cloudId).sort();
        assert.deepEqual(ids, [LABS_SITE, SOFTWARE_SITE].sort());
        for (const site of sites.json.sites) {
          assert.ok(site.name && site.url && site.scopes.length > 0);
        }

        const unknown = await browser.post(`/api/workspaces/${ws}/integrations/jira/site`, {
          siteId: 'not-a-site',
        });
        assert.equal(unknown.json.code, 'unknown_site');
        const chosen = await browser.post(`/api/workspaces/${ws}/integrations/jira/site`, {
          siteId: LABS_SITE,
        });
        assert.equal(chosen.status, 200, chosen.text);
        assert.equal(chosen.json.connection.site.cloudId, LABS_SITE);
        const after = await browser.get(`/api/workspaces/${ws}/integrations/jira`);
        assert.equal(after.json.state, 'connected');
        assert.equal(after.json.connection.installerAccountId, ADA);
      },
      { listen: true },
    ),
  ));

test('a member cannot connect or disconnect; another team sees nothing', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const admin = server.client();
      await admin.signUp('admin@example.com');
      const member = server.client();
      await member.signUp('member@example.com');
      const outsider = server.client();
      await outsider.signUp('outsider@example.com');

      const team = await admin.post('/api/teams', { name: 'Web team' });
      const teamId = team.json.workspace.id as string;
      const added = await admin.post(`/api/workspaces/${teamId}/members`, {
        email: 'member@example.com',
      });
      assert.equal(added.status, 201, added.text);
      assert.equal(added.json.member.role, 'member');

      const started = await admin.post(`/api/workspaces/${teamId}/integrations/jira/connect`);
      const callback = await server.consent(started.json.authorizeUrl, PRIYA);
      const landed = await admin.get(`${callback.pathname}${callback.search}`);
      assert.match(landed.headers.location ?? '', /connected=1/);

      const forbidden =
        'Only a team admin, or the owner of an individual workspace, can connect or disconnect Jira.';
      for (const path of ['connect', 'disconnect']) {
        const res = await member.post(`/api/workspaces/${teamId}/integrations/jira/${path}`);
        assert.equal(res.status, 403, `${path}: ${res.text}`);
        assert.equal(res.json.code, 'connection_forbidden');
        assert.equal(res.json.message, forbidden);
        assert.deepEqual(res.json.guidance, [
          'Ask a team admin to connect or disconnect Jira for this team.',
        ]);
      }
      const seen = await member.get(`/api/workspaces/${teamId}/integrations/jira`);
      assert.equal(seen.json.state, 'connected');
      assert.equal(seen.json.canManage, false);

      for (const path of [
        `/api/workspaces/${teamId}/integrations/jira`,
        `/api/workspaces/${teamId}/integrations/jira/projects`,
        `/api/workspaces/${teamId}/exports`,
        `/api/workspaces/${teamId}/plans`,
        `/api/workspaces/${teamId}/members`,
      ]) {
        const res = await outsider.get(path);
        assert.equal(res.status, 404, `${path}: ${res.text}`);
        assert.equal(res.json.code, 'not_a_member');
      }
      const audit = await member.get(`/api/workspaces/${teamId}/audit`);
      assert.equal(audit.status, 403);
      const log = await admin.get(`/api/workspaces/${teamId}/audit`);
      assert.equal(log.status, 200);
      const actions = log.json.entries.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('connected'), actions.join());
      assert.ok(actions.includes('connect_started'));
    }),
  ));

test('an account that administers no project gets "No projects found" with its guidance', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const { user } = await browser.signUp('sam@example.com');
      const ws = user.individualWorkspaceId;
      const { location } = await connect(server, browser, ws, SAM);
      assert.equal(location.searchParams.get('connected'), '1');

      const res = await browser.get(`/api/workspaces/${ws}/integrations/jira/projects`);
      const expected = new ProjanError('no_projects_found');
      assert.equal(res.status, expected.status);
      assert.deepEqual(res.json, expected.toBody());
      assert.equal(res.json.message, 'No projects found');
    }),
  ));
