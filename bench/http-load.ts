/**
 * The HTTP API under load: a Projan server (the real app over the real cores, SQLite) on a
 * loopback port, with a connected workspace, stored plans and one export. A child process runs
 * autocannon against plan listing and export status, then opens hundreds of server-sent event
 * streams on the export; the parent publishes one progress report and the child times its
 * arrival on every stream.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../src/emulator/server.ts';
import { buildApp } from '../src/server/app.ts';
import { runChild } from './cases.ts';
import { ACCOUNT_ID, benchFixture, LINKS_PROJECT } from './fixture.ts';
import { generatePlan } from './plan-gen.ts';
import { connectedWorld } from './world.ts';

/** One autocannon run. */
export interface RouteLoad {
  route: string;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** What the HTTP case measured. */
export interface HttpResults {
  routes: RouteLoad[];
  fanOut: { watchers: number; received: number; allReceivedMs: number; medianMs: number };
}

/** What the child answers for a fan-out. */
export interface FanOutTimes {
  /** Epoch ms at which each watcher saw the marked report. */
  receivedAt: number[];
}

const PLANS = 20;

/** Runs the HTTP case. */
export async function httpLoad(options: {
  httpSeconds: number;
  watchers: number;
}): Promise<HttpResults> {
  const emulator = await startEmulator({ port: 0, fixture: benchFixture() });
  const world = await connectedWorld(emulator.url, ACCOUNT_ID, { worker: false });
  const app = await buildApp({
    db: world.store.db,
    accounts: world.accounts,
    connections: world.connections,
    exports: world.exports,
    hub: world.hub,
    apiBaseUrl: emulator.url,
    sessionKeys: [randomBytes(32)],
    publicUrl: 'http://127.0.0.1',
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const { token } = await world.accounts.apiTokens.create(world.userId, { name: 'bench' });
    const headers = { authorization: `Bearer ${token}` };
    for (let i = 0; i < PLANS; i++) {
      const plan = { ...generatePlan({ size: 100, seed: i + 1 }), id: `bench-plan-${i + 1}` };
      const res = await fetch(`${base}/api/workspaces/${world.workspaceId}/plans`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: `plan-${i + 1}.json`, content: JSON.stringify(plan) }),
      });
      if (res.status !== 201) throw new Error(`plan upload answered ${res.status}`);
    }
    const stored = await world.exports.start({
      userId: world.userId,
      workspaceId: world.workspaceId,
      plan: { id: 'bench-plan-1', title: 'Watched export', items: [] },
      projectKey: LINKS_PROJECT,
    });

    const routes: RouteLoad[] = [];
    for (const [route, path] of [
      ['GET /api/workspaces/:id/plans', `/api/workspaces/${world.workspaceId}/plans`],
      ['GET /api/exports/:id', `/api/exports/${stored.id}`],
    ] as const) {
      const load = await runChild<Omit<RouteLoad, 'route'>>({
        kind: 'autocannon',
        url: `${base}${path}`,
        headers,
        connections: 100,
        seconds: options.httpSeconds,
      });
      routes.push({ route, ...load });
    }

    let publishedAt = 0;
    const times = await runChild<FanOutTimes>(
      {
        kind: 'watchers',
        url: `${base}/api/exports/${stored.id}/events`,
        headers,
        watchers: options.watchers,
        marker: 4242,
      },
      async () => {
        publishedAt = Date.now();
        world.hub.publish({ exportId: stored.id, phase: 'creating', done: 4242, total: 5000 });
      },
    );
    const delays = times.receivedAt.map((at) => at - publishedAt).sort((a, b) => a - b);
    return {
      routes,
      fanOut: {
        watchers: options.watchers,
        received: delays.length,
        allReceivedMs: delays.at(-1) ?? Number.NaN,
        medianMs: delays[Math.floor(delays.length / 2)] ?? Number.NaN,
      },
    };
  } finally {
    await app.close();
    await world.close();
    await emulator.close();
  }
}
