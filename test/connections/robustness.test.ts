import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { DEFAULT_ATLASSIAN_SCOPES } from '../../src/config/index.ts';
import { createTokenSealer, openVault } from '../../src/connections/vault.ts';
import { isProjanError } from '../../src/errors/index.ts';
import type { Database } from '../../src/store/index.ts';
import { forEachEngine } from '../helpers/db.ts';
import { ADA, connectAs, LABS_SITE, PRIYA, SOFTWARE_SITE, withWorld } from './harness.ts';

/** Makes the stored access token look expired, as if an hour had passed. */
async function expire(db: Kysely<Database>, id: string) {
  await db.updateTable('connections').set({ access_expires_at: 0 }).where('id', '=', id).execute();
}

forEachEngine('parallel callers in one process share one refresh', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    const connected = await connectAs(world, owner, PRIYA);
    assert.ok(connected.status === 'connected');
    await expire(ctx.store.db, connected.connection.id);
    const before = await world.tokenCalls();
    const tokens = await Promise.all(
      Array.from({ length: 5 }, () => world.connections.getAccessToken(connected.connection.id)),
    );
    assert.equal(new Set(tokens).size, 1);
    assert.equal(await world.tokenCalls(), before + 1);
  }),
);

forEachEngine(
  'a passing token endpoint failure is unavailable and leaves the connection usable',
  (ctx) =>
    withWorld(ctx, async (world) => {
      const owner = await world.newUser('owner@example.com');
      const connected = await connectAs(world, owner, PRIYA);
      assert.ok(connected.status === 'connected');
      const id = connected.connection.id;
      await expire(ctx.store.db, id);
      await world.control(
        '/faults',
        { rules: [{ method: 'POST', path: '/oauth/token', fault: { status: 503 }, times: 1 }] },
        'PUT',
      );
      await assert.rejects(world.connections.getAccessToken(id), (e) => {
        assert.ok(isProjanError(e, 'atlassian_unavailable'));
        assert.equal(e.status, 503);
        return true;
      });
      const row = await ctx.store.db
        .selectFrom('connections')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'connected');
      assert.equal(row.refresh_lease_until, null, 'the refresh lease is released');
      assert.ok((await world.connections.getAccessToken(id)).length > 10);
    }),
);

forEachEngine('a disconnect during a refresh drops the refreshed tokens', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    const connected = await connectAs(world, owner, PRIYA);
    assert.ok(connected.status === 'connected');
    const id = connected.connection.id;
    await expire(ctx.store.db, id);
    await world.control('/faults', { latencyMs: 300 }, 'PUT');
    const refreshing = world.connections.getAccessToken(id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await world.connections.disconnect(owner);
    await assert.rejects(refreshing, (e) => isProjanError(e, 'not_connected'));
    const row = await ctx.store.db.selectFrom('connections').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'disconnected');
    assert.equal(row.access_token, null);
    assert.equal(row.refresh_token, null);
  }),
);

forEachEngine(
  'choosing another site retires the old connection; coming back reuses its id',
  (ctx) =>
    withWorld(ctx, async (world) => {
      const owner = await world.newUser('owner@example.com');
      await connectAs(world, owner, ADA, 's1');
      const labs = await world.connections.chooseSite({ ...owner, siteId: LABS_SITE });
      await connectAs(world, owner, ADA, 's2');
      const software = await world.connections.chooseSite({ ...owner, siteId: SOFTWARE_SITE });
      assert.notEqual(software.id, labs.id);

      const rows = await ctx.store.db
        .selectFrom('connections')
        .selectAll()
        .orderBy('cloud_id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.cloud_id, r.status, r.access_token === null, r.refresh_token === null]),
        [
          [LABS_SITE, 'disconnected', true, true],
          [SOFTWARE_SITE, 'connected', false, false],
        ],
      );
      await connectAs(world, owner, ADA, 's3');
      const back = await world.connections.chooseSite({ ...owner, siteId: LABS_SITE });
      assert.equal(back.id, labs.id);
    }),
);

forEachEngine('a pending site choice expires and is dropped by disconnect', (ctx) =>
  withWorld(ctx, async (world) => {
    const owner = await world.newUser('owner@example.com');
    await connectAs(world, owner, ADA, 's1');
    const result = await world.connections.disconnect(owner);
    assert.equal(result.connectionId, null);
    assert.deepEqual(
      await ctx.store.db.selectFrom('pending_site_choices').selectAll().execute(),
      [],
    );

    await connectAs(world, owner, ADA, 's2');
    world.clock.advance(31 * 60_000);
    assert.equal((await world.connections.getStatus(owner)).state, 'not_connected');
    await assert.rejects(world.connections.chooseSite({ ...owner, siteId: LABS_SITE }), (e) =>
      isProjanError(e, 'no_pending_site_choice'),
    );
  }),
);

forEachEngine('without offline_access the callback fails with the operator message', (ctx) =>
  withWorld(
    ctx,
    async (world) => {
      const owner = await world.newUser('owner@example.com');
      await assert.rejects(connectAs(world, owner, PRIYA), (e) => {
        assert.ok(isProjanError(e, 'missing_refresh_token'));
        assert.equal(e.audience, 'operator');
        assert.match(e.message, /offline_access/);
        assert.match(e.guidance[0] ?? '', /ATLASSIAN_SCOPES/);
        return true;
      });
      assert.deepEqual(await ctx.store.db.selectFrom('connections').selectAll().execute(), []);
    },
    { scopes: DEFAULT_ATLASSIAN_SCOPES.filter((s) => s !== 'offline_access') },
  ),
);

forEachEngine('log lines, errors and the audit log hold no token', (ctx) => {
  const lines: string[] = [];
  const logger = {
    info: (obj: object, msg: string) => lines.push(JSON.stringify({ ...obj, msg })),
    warn: (obj: object, msg: string) => lines.push(JSON.stringify({ ...obj, msg })),
  };
  return withWorld(
    ctx,
    async (world) => {
      const owner = await world.newUser('owner@example.com');
      const connected = await connectAs(world, owner, PRIYA);
      assert.ok(connected.status === 'connected');
      const id = connected.connection.id;
      const sealer = createTokenSealer(
        openVault({ dataDir: ctx.dataDir, secretKey: world.secretKey }),
      );
      const secrets: string[] = [];
      const plant = async () => {
        const row = await ctx.store.db
          .selectFrom('connections')
          .selectAll()
          .executeTakeFirstOrThrow();
        if (row.access_token) secrets.push(sealer.open(row.access_token, id, 'access_token'));
        if (row.refresh_token) secrets.push(sealer.open(row.refresh_token, id, 'refresh_token'));
      };
      await plant();
      await world.connections.getAccessToken(id, { forceRefresh: true });
      await plant();
      await world.control('/revoke', { accountId: PRIYA });
      const errors: unknown[] = [];
      await world.connections
        .getAccessToken(id, { forceRefresh: true })
        .catch((e) => errors.push(e));
      assert.equal(errors.length, 1);
      await world.connections.disconnect(owner);

      const audit = await ctx.store.db.selectFrom('audit_log').selectAll().execute();
      const printed = [
        ...lines,
        ...errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack}`),
        JSON.stringify(audit),
      ].join('\n');
      assert.ok(lines.length >= 3, 'the core logged its lifecycle events');
      assert.equal(secrets.length, 4);
      for (const secret of secrets) assert.ok(!printed.includes(secret), 'a token leaked');
    },
    { logger },
  );
});
