import assert from 'node:assert/strict';
import { AccountError } from '../../src/accounts/index.ts';
import { isProjanError } from '../../src/errors/index.ts';
import { forEachEngine } from '../helpers/db.ts';
import {
  ADA,
  connectAs,
  LABS_SITE,
  PRIYA,
  REDIRECT_URI,
  SOFTWARE_SITE,
  withWorld,
} from './harness.ts';

const SEED_SCOPES =
  'read:jira-work write:jira-work read:jira-user manage:jira-project manage:jira-configuration offline_access';

forEachEngine('the authorize URL carries exactly the documented parameters', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    const { authorizeUrl } = await world.connections.startConnect({ ...owner, sessionId: 's1' });
    const url = new URL(authorizeUrl);
    assert.equal(`${url.origin}${url.pathname}`, `${world.emulator.url}/authorize`);
    const params = Object.fromEntries(url.searchParams);
    const state = params.state ?? '';
    assert.match(state, /^[\w-]{43}$/);
    assert.deepEqual(params, {
      audience: 'api.atlassian.com',
      client_id: world.emulator.fixture.app.clientId,
      scope: SEED_SCOPES,
      redirect_uri: REDIRECT_URI,
      state,
      response_type: 'code',
      prompt: 'consent',
    });
    assert.ok(!authorizeUrl.includes(world.emulator.fixture.app.clientSecret));
    const stored = await ctx.store.db.selectFrom('oauth_states').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]?.state_hash, state, 'only a hash of the state is stored');
    assert.equal(stored[0]?.expires_at, (stored[0]?.created_at ?? 0) + 10 * 60_000);
  }),
);

forEachEngine('one Jira site connects at once and stores the seed fields', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    const result = await connectAs(world, owner, PRIYA);
    assert.equal(result.status, 'connected');
    assert.ok(result.status === 'connected');
    assert.equal(result.connection.site.cloudId, SOFTWARE_SITE);
    assert.equal(result.connection.installerAccountId, PRIYA);

    const row = await ctx.store.db.selectFrom('connections').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.workspace_id, owner.workspace.id);
    assert.equal(row.cloud_id, SOFTWARE_SITE);
    // The emulator serves each site's own pages below its base URL.
    assert.equal(row.site_url, `${world.emulator.url}/site/${SOFTWARE_SITE}`);
    assert.equal(row.site_name, 'acme-software');
    assert.equal(row.installer_account_id, PRIYA);
    assert.equal(row.connected_by, owner.user.id);
    assert.equal(row.status, 'connected');
    assert.deepEqual(row.scopes.split(' ').sort(), SEED_SCOPES.split(' ').sort());
    assert.deepEqual(result.connection.grantedScopes.sort(), SEED_SCOPES.split(' ').sort());
    assert.match(row.access_token ?? '', /^v\d+\./, 'the access token is sealed');
    assert.match(row.refresh_token ?? '', /^v\d+\./, 'the refresh token is sealed');
    assert.ok((row.access_expires_at ?? 0) > world.clock.now() + 50 * 60_000);

    const token = await world.connections.getAccessToken(row.id);
    assert.ok(!(row.access_token ?? '').includes(token));
    const actions = (await world.accounts.audit.list(owner.workspace.id)).map((e) => e.action);
    assert.ok(actions.includes('connect_started') && actions.includes('connected'));
  }),
);

forEachEngine(
  'several sites wait for a choice, listed by name, then connect the chosen one',
  (ctx) =>
    withWorld(ctx, async (world) => {
      const owner = await world.newUser('owner@example.com');
      const result = await connectAs(world, owner, ADA);
      assert.equal(result.status, 'pending_site_choice');
      assert.ok(result.status === 'pending_site_choice');
      assert.deepEqual(
        result.sites.map((s) => s.name),
        ['acme-labs', 'acme-software'],
      );
      const listed = await world.connections.listPendingSites(owner);
      assert.deepEqual(
        listed.map((s) => [s.cloudId, s.url]),
        [
          [LABS_SITE, `${world.emulator.url}/site/${LABS_SITE}`],
          [SOFTWARE_SITE, `${world.emulator.url}/site/${SOFTWARE_SITE}`],
        ],
      );
      const status = await world.connections.getStatus(owner);
      assert.equal(status.state, 'pending_site_choice');

      await assert.rejects(world.connections.chooseSite({ ...owner, siteId: 'not-a-site' }), (e) =>
        isProjanError(e, 'unknown_site'),
      );
      const connection = await world.connections.chooseSite({ ...owner, siteId: LABS_SITE });
      assert.equal(connection.site.name, 'acme-labs');
      assert.equal(connection.installerAccountId, ADA);
      assert.equal(
        await ctx.store.db.selectFrom('pending_site_choices').select('id').executeTakeFirst(),
        undefined,
      );
      const actions = (await world.accounts.audit.list(owner.workspace.id)).map((e) => e.action);
      assert.ok(actions.includes('site_chosen'));
      await assert.rejects(world.connections.listPendingSites(owner), (e) =>
        isProjanError(e, 'no_pending_site_choice'),
      );
    }),
);

forEachEngine('declining consent gives the clear consent_denied message', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    const { authorizeUrl } = await world.connections.startConnect({ ...owner, sessionId: 's1' });
    const query = await world.consent(authorizeUrl, { accountId: PRIYA, decision: 'deny' });
    assert.equal(query.get('error'), 'access_denied');
    await assert.rejects(world.connections.completeConnect({ query, sessionId: 's1' }), (e) => {
      assert.ok(isProjanError(e, 'consent_denied'));
      assert.equal(e.message, 'Jira was not connected: the Atlassian consent screen was declined.');
      assert.equal(e.status, 400);
      return true;
    });
    const [last] = await world.accounts.audit.list(owner.workspace.id);
    assert.equal(last?.action, 'connect_failed');
    assert.deepEqual(last?.detail, { reason: 'consent_denied' });
  }),
);

forEachEngine('a missing, unknown, replayed, expired or foreign state is refused', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    const c = world.connections;
    const refuses = (code: string) => (e: unknown) => isProjanError(e) && e.code === code;

    const { authorizeUrl } = await c.startConnect({ ...owner, sessionId: 's1' });
    const query = await world.consent(authorizeUrl, { accountId: PRIYA });
    const noState = new URLSearchParams(query);
    noState.delete('state');
    await assert.rejects(
      c.completeConnect({ query: noState, sessionId: 's1' }),
      refuses('oauth_state_missing'),
    );
    const forged = new URLSearchParams(query);
    forged.set('state', 'forged-state-value');
    await assert.rejects(
      c.completeConnect({ query: forged, sessionId: 's1' }),
      refuses('oauth_state_unknown'),
    );
    await assert.rejects(
      c.completeConnect({ query, sessionId: 'attacker-session' }),
      refuses('oauth_state_foreign'),
    );
    const done = await c.completeConnect({ query, sessionId: 's1' });
    assert.equal(done.status, 'connected', 'a foreign attempt does not burn the state');
    await assert.rejects(
      c.completeConnect({ query, sessionId: 's1' }),
      refuses('oauth_state_replayed'),
    );

    const late = await c.startConnect({ ...owner, sessionId: 's1' });
    const lateQuery = await world.consent(late.authorizeUrl, { accountId: PRIYA });
    world.clock.advance(10 * 60_000 + 1);
    await assert.rejects(
      c.completeConnect({ query: lateQuery, sessionId: 's1' }),
      refuses('oauth_state_expired'),
    );
  }),
);

forEachEngine(
  'a member cannot connect or disconnect, and other teams cannot see the connection',
  (ctx) =>
    withWorld(ctx, async (world) => {
      const admin = await world.newUser('admin@example.com');
      const member = await world.newUser('member@example.com');
      const outsider = await world.newUser('outsider@example.com');
      const team = await world.accounts.workspaces.createTeam(admin.user.id, 'Team A');
      await world.accounts.workspaces.addMember(
        admin.user.id,
        team.id,
        'member@example.com',
        'member',
      );
      const teamAdmin = { user: admin.user, workspace: { id: team.id } };
      const teamMember = { user: member.user, workspace: { id: team.id } };
      const c = world.connections;

      await assert.rejects(c.startConnect({ ...teamMember, sessionId: 'm' }), (e) => {
        assert.ok(isProjanError(e, 'connection_forbidden'));
        assert.equal(e.status, 403);
        assert.equal(
          e.message,
          'Only a team admin, or the owner of an individual workspace, can connect or disconnect Jira.',
        );
        return true;
      });
      const connected = await connectAs(world, teamAdmin, PRIYA);
      assert.ok(connected.status === 'connected');

      const seen = await c.getStatus(teamMember);
      assert.equal(seen.state, 'connected', 'members see the status');
      const forExport = await c.activeConnection(teamMember);
      assert.equal(forExport.id, connected.connection.id, 'members may export with it');
      const trail = await world.accounts.audit.list(team.id);
      const denied = trail.filter((e) => e.outcome === 'denied').map((e) => e.action);
      assert.deepEqual(denied, ['connect_started']);
      await assert.rejects(c.disconnect(teamMember), (e) =>
        isProjanError(e, 'connection_forbidden'),
      );
      await assert.rejects(
        c.getStatus({ user: outsider.user, workspace: { id: team.id } }),
        (e) => e instanceof AccountError && e.code === 'not_a_member',
      );
      await assert.rejects(
        c.listAdministeredProjects({ user: outsider.user, workspace: { id: team.id } }),
        (e) => e instanceof AccountError && e.code === 'not_a_member',
      );
      await assert.rejects(
        c.activeConnection({ user: outsider.user, workspace: { id: team.id } }),
        (e) => e instanceof AccountError && e.code === 'not_a_member',
      );
      assert.equal((await c.getStatus(outsider)).state, 'not_connected');
      assert.equal((await c.getStatus(teamAdmin)).state, 'connected');
      const denials = (await world.accounts.audit.list(team.id)).filter(
        (e) => e.outcome === 'denied',
      );
      assert.deepEqual(
        denials.map((e) => [e.action, e.actorUserId]),
        [
          ['disconnected', member.user.id],
          ['connect_started', member.user.id],
        ],
      );
    }),
);

forEachEngine('a code Atlassian does not accept fails the connect with connect_failed', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    const { authorizeUrl } = await world.connections.startConnect({ ...owner, sessionId: 's1' });
    const query = await world.consent(authorizeUrl, { accountId: PRIYA });
    query.set('code', 'a-code-atlassian-never-issued');
    await assert.rejects(world.connections.completeConnect({ query, sessionId: 's1' }), (e) => {
      assert.ok(isProjanError(e, 'connect_failed'));
      assert.equal(
        e.message,
        'The Jira connection could not be completed: Atlassian did not accept the authorization.',
      );
      return true;
    });
    assert.deepEqual(await ctx.store.db.selectFrom('connections').selectAll().execute(), []);
  }),
);
