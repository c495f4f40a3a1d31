import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTokenSealer, openVault } from '../../src/connections/vault.ts';
import { isProjanError } from '../../src/errors/index.ts';
import type { EngineContext } from '../helpers/db.ts';
import { forEachEngine } from '../helpers/db.ts';
import { connectAs, PRIYA, type TestUser, type World, withWorld } from './harness.ts';

const SAM = '5f1a2b3c4d5e6f7a8b9c0d03';

/** The stored tokens of the workspace's connection, opened with the test key. */
async function storedTokens(ctx: EngineContext, world: World, who: TestUser) {
  const row = await ctx.store.db
    .selectFrom('connections')
    .selectAll()
    .where('workspace_id', '=', who.workspace.id)
    .executeTakeFirstOrThrow();
  const sealer = createTokenSealer(openVault({ dataDir: ctx.dataDir, secretKey: world.secretKey }));
  return {
    row,
    access: row.access_token && sealer.open(row.access_token, row.id, 'access_token'),
    refresh: row.refresh_token && sealer.open(row.refresh_token, row.id, 'refresh_token'),
  };
}

forEachEngine(
  'tokens refresh before expiry and after a 401, persisting the rotated refresh token',
  (ctx) =>
    withWorld(ctx, async (world) => {
      const owner = await world.newUser('owner@example.com');
      await connectAs(world, owner, PRIYA);
      const before = await storedTokens(ctx, world, owner);
      const calls = await world.tokenCalls();

      assert.equal(await world.connections.getAccessToken(before.row.id), before.access);
      assert.equal(await world.tokenCalls(), calls, 'a fresh token is served without a refresh');

      world.clock.advance(59 * 60_000 + 30_000);
      const renewed = await world.connections.getAccessToken(before.row.id);
      const after = await storedTokens(ctx, world, owner);
      assert.notEqual(renewed, before.access);
      assert.equal(after.access, renewed);
      assert.notEqual(after.refresh, before.refresh, 'the rotated refresh token is stored');
      assert.equal(after.row.token_version, before.row.token_version + 2);
      assert.equal(await world.tokenCalls(), calls + 1);

      // Atlassian expires the token early: the Jira client's 401 forces exactly one refresh.
      await world.control('/expire-tokens', {});
      const projects = await world.connections.listAdministeredProjects(owner);
      assert.deepEqual(
        projects.map((p) => p.key),
        ['MOB', 'WEB'],
      );
      assert.equal(await world.tokenCalls(), calls + 2);
      assert.notEqual((await storedTokens(ctx, world, owner)).refresh, after.refresh);
    }),
);

forEachEngine(
  'a revoked app makes the connection "reconnect required" and is never retried',
  (ctx) =>
    withWorld(ctx, async (world) => {
      const owner = await world.newUser('owner@example.com');
      await connectAs(world, owner, PRIYA);
      const { row } = await storedTokens(ctx, world, owner);
      await world.control('/revoke', { accountId: PRIYA });

      await assert.rejects(
        world.connections.getAccessToken(row.id, { forceRefresh: true }),
        (e) => {
          assert.ok(isProjanError(e, 'reconnect_required'));
          assert.equal(e.status, 409);
          assert.deepEqual(e.guidance, [
            'Tokens auto-refresh - no re-authentication needed unless you revoke access from Atlassian.',
            'Access ends when Projan is removed from the Atlassian account’s connected apps, when the account’s password changes, after 90 days without use, or 365 days after consent.',
            'Go to Settings > Integrations > Jira, click Disconnect, then click “Connect Jira” and authorize Projan again.',
          ]);
          return true;
        },
      );
      const calls = await world.tokenCalls();
      await assert.rejects(world.connections.getAccessToken(row.id, { forceRefresh: true }), (e) =>
        isProjanError(e, 'reconnect_required'),
      );
      await assert.rejects(world.connections.listAdministeredProjects(owner), (e) =>
        isProjanError(e, 'reconnect_required'),
      );
      assert.equal(await world.tokenCalls(), calls, 'a rejected refresh is not tried again');

      const after = await storedTokens(ctx, world, owner);
      assert.equal(after.row.status, 'reconnect_required');
      assert.equal(after.row.access_token, null);
      assert.equal(after.row.refresh_token, null);
      const status = await world.connections.getStatus(owner);
      assert.equal(status.state, 'reconnect_required');
      const actions = (await world.accounts.audit.list(owner.workspace.id)).map((e) => e.action);
      assert.ok(actions.includes('refresh_rejected'));

      // Connecting again brings the same connection back.
      const again = await connectAs(world, owner, PRIYA, 'sess-2');
      assert.ok(again.status === 'connected');
      assert.equal(again.connection.id, row.id);
    }),
);

forEachEngine(
  'disconnect purges the tokens and pending states, and reconnecting keeps the id',
  (ctx) =>
    withWorld(ctx, async (world) => {
      const owner = await world.newUser('owner@example.com');
      await connectAs(world, owner, PRIYA);
      await world.connections.getAccessToken((await storedTokens(ctx, world, owner)).row.id, {
        forceRefresh: true,
      });
      const planted = await storedTokens(ctx, world, owner);
      const plantedValues: string[] = [planted.access ?? '', planted.refresh ?? ''];
      assert.ok(plantedValues.every((v) => v.length > 20));
      const signal = world.connections.signalFor(planted.row.id);
      await world.connections.startConnect({ ...owner, sessionId: 'another-tab' });

      const result = await world.connections.disconnect(owner);
      assert.equal(result.connectionId, planted.row.id);
      assert.equal(
        result.message,
        'Jira is disconnected and Projan deleted its stored tokens. Previously exported issues remain in Jira unaffected.',
      );
      assert.match(result.steps[0] ?? '', /id\.atlassian\.com > Connected apps/);
      assert.ok(signal.aborted);
      assert.ok(isProjanError(signal.reason, 'connection_disconnected'));
      assert.equal(await world.connections.isConnectionActive(planted.row.id), false);

      const rows = await ctx.store.db.selectFrom('connections').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.status, 'disconnected');
      assert.equal(rows[0]?.access_token, null);
      assert.equal(rows[0]?.refresh_token, null);
      assert.equal(rows[0]?.cloud_id, planted.row.cloud_id, 'the site stays for export records');
      assert.deepEqual(await ctx.store.db.selectFrom('oauth_states').selectAll().execute(), []);
      assert.equal((await world.connections.getStatus(owner)).state, 'not_connected');
      await assert.rejects(world.connections.getAccessToken(planted.row.id), (e) =>
        isProjanError(e, 'not_connected'),
      );
      await assert.rejects(world.connections.disconnect(owner), (e) =>
        isProjanError(e, 'not_connected'),
      );

      if (ctx.engine === 'sqlite') {
        for (const file of readdirSync(ctx.dataDir).filter((f) => f.startsWith('projan.sqlite'))) {
          const bytes = readFileSync(path.join(ctx.dataDir, file));
          for (const value of plantedValues) {
            assert.equal(bytes.indexOf(value), -1, `${file} holds no plain token`);
          }
        }
      }

      const again = await connectAs(world, owner, PRIYA, 'sess-3');
      assert.ok(again.status === 'connected');
      assert.equal(again.connection.id, planted.row.id, 'the same site keeps its connection id');
    }),
);

forEachEngine('idle connections are refreshed daily and the 365-day limit is announced', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    await connectAs(world, owner, PRIYA);
    assert.deepEqual(await world.connections.refreshIdleConnections(), {
      refreshed: 0,
      reconnectRequired: 0,
      failed: 0,
      expiredFlowsPurged: 0,
    });
    world.clock.advance(25 * 3600_000);
    const calls = await world.tokenCalls();
    assert.deepEqual(await world.connections.refreshIdleConnections(), {
      refreshed: 1,
      reconnectRequired: 0,
      failed: 0,
      // The states of the connect flow, a day past their expiry.
      expiredFlowsPurged: 1,
    });
    assert.equal(await world.tokenCalls(), calls + 1);

    const status = await world.connections.getStatus(owner);
    assert.ok(status.state === 'connected');
    assert.equal(status.connection.absoluteExpiry.warning, false);
    assert.equal(
      status.connection.absoluteExpiry.at,
      status.connection.consentedAt + 365 * 24 * 3600_000,
    );
    world.clock.advance(340 * 24 * 3600_000);
    const late = await world.connections.getStatus(owner);
    assert.ok(late.state === 'connected');
    assert.equal(late.connection.absoluteExpiry.warning, true);
  }),
);

forEachEngine('an account that administers no project gets "No projects found"', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    await connectAs(world, owner, SAM);
    await assert.rejects(world.connections.listAdministeredProjects(owner), (e) => {
      assert.ok(isProjanError(e, 'no_projects_found'));
      assert.equal(e.message, 'No projects found');
      assert.deepEqual(e.guidance, [
        'Verify you have project admin access for at least one project.',
        'Ensure the connected account has the correct Jira permissions.',
      ]);
      return true;
    });
  }),
);

forEachEngine('a site the account lost access to is reported as not accessible', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    await connectAs(world, owner, PRIYA);
    const res = await fetch(
      `${world.emulator.url}/_emulator/sites/8a1d6f0e-3c2b-4e5f-9a7b-1c2d3e4f5a61/members/${PRIYA}`,
      { method: 'DELETE' },
    );
    assert.equal(res.status, 200);
    await assert.rejects(world.connections.listAdministeredProjects(owner), (e) => {
      assert.ok(isProjanError(e, 'site_not_accessible'));
      assert.equal(
        e.message,
        `The Jira site ${world.emulator.url}/site/8a1d6f0e-3c2b-4e5f-9a7b-1c2d3e4f5a61 is no longer accessible with this connection.`,
      );
      return true;
    });
  }),
);
