/**
 * The demo of Projan's main job on the embedded default: it starts the Jira Cloud emulator and a
 * Projan server on free local ports with their own data directory, then acts as a person would:
 * signs up, connects Jira through the full OAuth redirect chain (submitting the emulator's
 * consent form), chooses a site, imports a plan, exports it to a company-managed project, and
 * exports it again to show that nothing is duplicated or rewritten.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config/index.ts';
import { type RunningEmulator, startEmulator } from '../emulator/server.ts';
import type { ExportItemView, ExportView } from '../exports/index.ts';
import { type RunningServer, startServer } from '../server/start.ts';
import { Browser } from './browser.ts';

/** Demo options (see `projan demo --help`). */
export interface DemoOptions {
  plan: string;
  project: string;
  /** Keep the data here instead of a temporary directory. */
  dataDir?: string;
  /** Leave both servers running. */
  keep: boolean;
  /** Print one JSON object instead of the story. */
  json: boolean;
  /** The Atlassian account that consents (default Ada Admin, who reaches two sites). */
  accountId: string;
  /** Site to choose when several are offered (default the first site of the fixture). */
  siteName?: string;
}

/** One export as the demo reports it (the `--json` shape). */
export interface DemoExport {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  links: number;
  byType: Record<string, number>;
  requests: number;
  points: number;
  seconds: number;
}

export interface DemoResult {
  site: string;
  project: string;
  first: DemoExport;
  second: DemoExport;
}

/** What the demo prints as it goes; silent in JSON mode. */
type Say = (line: string) => void;

/** Runs the demo; resolves with the result (and the servers when `keep` is set). */
export async function runDemo(
  options: DemoOptions,
  say: Say,
): Promise<{
  result: DemoResult;
  emulator: RunningEmulator;
  server: RunningServer;
  close(): Promise<void>;
}> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'projan-demo-'));
  const emulator = await startEmulator({ port: 0 });
  let server: RunningServer | undefined;
  const close = async () => {
    await server?.close();
    await emulator.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // A kept data directory gets its own key file (`secret.key`), so `projan serve --data-dir`
    // can read the stored tokens later; a temporary one gets a throwaway key.
    server = await startDemoServer(emulator, dataDir, options.dataDir === undefined);
    say(`Jira Cloud emulator (Atlassian's stand-in): ${emulator.url}`);
    say(`Projan: ${server.url} (data in ${dataDir})`);
    const result = await walkThrough(options, emulator, server, say);
    return { result, emulator, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function startDemoServer(
  emulator: RunningEmulator,
  dataDir: string,
  throwawayKey: boolean,
): Promise<RunningServer> {
  const config = loadConfig({
    PROJAN_DATA_DIR: dataDir,
    ...(throwawayKey ? { PROJAN_SECRET_KEY: randomBytes(32).toString('base64') } : {}),
    ATLASSIAN_CLIENT_ID: emulator.fixture.app.clientId,
    ATLASSIAN_CLIENT_SECRET: emulator.fixture.app.clientSecret,
    ATLASSIAN_AUTH_URL: emulator.url,
    ATLASSIAN_API_URL: emulator.url,
    LOG_LEVEL: 'silent',
  });
  return startServer(
    config,
    { port: 0, host: '127.0.0.1', webDistDir: 'dist/web', worker: 'embedded' },
    { logger: pino({ level: 'silent' }), workerPollMs: 50 },
  );
}

async function walkThrough(
  options: DemoOptions,
  emulator: RunningEmulator,
  server: RunningServer,
  say: Say,
): Promise<DemoResult> {
  const browser = new Browser();
  const api = (route: string) => `${server.url}${route}`;

  const csrf = await browser.api<{ csrfToken: string }>(api('/api/auth/csrf'));
  browser.csrfToken = csrf.csrfToken;
  // A fresh account each run: a kept data directory may already hold earlier demo users.
  const email = `demo-${randomBytes(3).toString('hex')}@projan.example`;
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  const account = await browser.api<{
    csrfToken: string;
    workspaces: Array<{ id: string; kind: string }>;
  }>(api('/api/auth/signup'), {
    json: {
      email,
      password,
      displayName: 'Demo Planner',
    },
  });
  browser.csrfToken = account.csrfToken;
  const workspace =
    account.workspaces.find((w) => w.kind === 'individual') ?? account.workspaces[0];
  if (!workspace) throw new Error('Sign-up created no workspace.');
  say(`1. Signed up ${email}; workspace ${workspace.id}.`);
  if (options.keep) say(`   Sign in to ${server.url} as ${email} with the password ${password}.`);

  const jira = api(`/api/workspaces/${workspace.id}/integrations/jira`);
  const site = await connectJira(browser, emulator, jira, options, say);

  const content = readFileSync(options.plan, 'utf8');
  const upload = await browser.api<{ plan: { planId: string; title: string } }>(
    api(`/api/workspaces/${workspace.id}/plans`),
    { json: { fileName: path.basename(options.plan), content } },
  );
  const planId = upload.plan.planId;
  say(`3. Imported ${path.basename(options.plan)}: "${upload.plan.title}".`);

  const exportsUrl = api(`/api/workspaces/${workspace.id}/plans/${planId}/exports`);
  say(`4. Exporting to ${options.project}…`);
  const first = await exportOnce(
    browser,
    emulator,
    server,
    exportsUrl,
    options.project,
    site.cloudId,
    say,
    true,
  );
  say(`5. Exporting the same plan again…`);
  const second = await exportOnce(
    browser,
    emulator,
    server,
    exportsUrl,
    options.project,
    site.cloudId,
    say,
    false,
  );
  if (second.created > 0 || second.updated > 0) {
    throw new Error(
      `The second export created ${second.created} and updated ${second.updated} issues; it should change nothing.`,
    );
  }
  say(`   Nothing was duplicated or rewritten: ${second.unchanged} issues unchanged.`);
  return { site: site.name, project: options.project, first, second };
}

async function connectJira(
  browser: Browser,
  emulator: RunningEmulator,
  jira: string,
  options: DemoOptions,
  say: Say,
): Promise<{ cloudId: string; name: string }> {
  const { authorizeUrl } = await browser.api<{ authorizeUrl: string }>(`${jira}/connect`, {
    method: 'POST',
    json: {},
  });
  const consentPage = await browser.request(authorizeUrl);
  const requestId = /name="request"[^>]*value="([^"]+)"/.exec(consentPage.text)?.[1];
  if (consentPage.status !== 200 || !requestId) {
    throw new Error(`The Atlassian consent page did not load (${consentPage.status}).`);
  }
  const person = emulator.fixture.accounts.find((a) => a.accountId === options.accountId);
  const decision = await browser.request(`${emulator.url}/authorize/consent`, {
    form: { request: requestId, account: options.accountId, decision: 'accept' },
  });
  if (!decision.location)
    throw new Error(`The consent form answered ${decision.status} without a redirect.`);
  const hops = await browser.follow(decision.location);
  const landing = hops.at(-1)?.url ?? '';
  say(
    `2. Authorized Projan on Atlassian's consent page as ${person?.displayName ?? options.accountId}; redirected to ${new URL(landing).pathname}${new URL(landing).search}.`,
  );

  if (new URL(landing).searchParams.has('error')) {
    throw new Error(`Connecting Jira failed: ${new URL(landing).searchParams.get('error')}.`);
  }
  if (new URL(landing).searchParams.has('choose-site')) {
    const { sites } = await browser.api<{
      sites: Array<{ cloudId: string; name: string; url: string }>;
    }>(`${jira}/sites`);
    const wanted = options.siteName ?? emulator.fixture.sites[0]?.name;
    const chosen = sites.find((s) => s.name === wanted) ?? sites[0];
    if (!chosen) throw new Error('Atlassian granted no Jira site.');
    await browser.api(`${jira}/site`, { method: 'POST', json: { siteId: chosen.cloudId } });
    say(
      `   ${sites.length} Jira sites offered (${sites.map((s) => s.name).join(', ')}); chose ${chosen.name}.`,
    );
  }
  const status = await browser.api<{
    state: string;
    connection?: { site: { cloudId: string; name: string; url: string } };
  }>(jira);
  const connected = status.connection?.site;
  if (status.state !== 'connected' || !connected) {
    throw new Error(`Jira is not connected after the consent (state ${status.state}).`);
  }
  say(`   Connected to ${connected.name} (${connected.url}), cloud ID ${connected.cloudId}.`);
  return { cloudId: connected.cloudId, name: connected.name };
}

async function exportOnce(
  browser: Browser,
  emulator: RunningEmulator,
  server: RunningServer,
  exportsUrl: string,
  project: string,
  cloudId: string,
  say: Say,
  showWarnings: boolean,
): Promise<DemoExport> {
  const before = await siteUsage(emulator, cloudId);
  const started = Date.now();
  const view = await browser.api<ExportView>(exportsUrl, { json: { projectKey: project } });
  const finished = await waitForEnd(browser, server, view.id, say);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const after = await siteUsage(emulator, cloudId);
  const summary = finished.summary;
  if (finished.state !== 'succeeded' || !summary) {
    const problems =
      summary?.problems.filter((p) => p.severity === 'error').map((p) => p.message) ?? [];
    throw new Error(
      `The export ended ${finished.state}: ${finished.error?.message ?? problems.join(' ')}`,
    );
  }
  const { items } = await browser.api<{ items: ExportItemView[] }>(
    `${server.url}/api/exports/${view.id}/items`,
  );
  const result: DemoExport = {
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    failed: summary.failed,
    links: summary.links,
    byType: summary.byType,
    requests: after.count - before.count,
    points: after.points - before.points,
    seconds,
  };
  const types = Object.entries(result.byType)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
  say(
    `   ${result.created} created${types ? ` (${types})` : ''}, ${result.updated} updated, ${result.unchanged} unchanged, ${result.failed} failed, ${result.links} links.`,
  );
  say(
    `   ${result.requests} Jira requests, ${result.points} rate-limit points, ${result.seconds} s.`,
  );
  for (const item of items.filter((entry) => entry.state === 'created')) {
    say(
      `   ${item.jiraKey?.padEnd(8)} ${item.issueType.padEnd(9)} ${item.itemId.padEnd(28)} ${item.url ?? ''}`,
    );
  }
  const warnings = summary.problems.filter((p) => p.severity === 'warning');
  if (showWarnings) for (const problem of warnings) say(`   warning: ${problem.message}`);
  else if (warnings.length > 0)
    say(`   (the same ${warnings.length} preflight warnings as before)`);
  return result;
}

async function waitForEnd(
  browser: Browser,
  server: RunningServer,
  exportId: string,
  say: Say,
): Promise<ExportView> {
  const deadline = Date.now() + 10 * 60_000;
  let lastPhase = '';
  for (;;) {
    const view = await browser.api<ExportView>(`${server.url}/api/exports/${exportId}`);
    if (view.phase !== lastPhase && view.phase !== 'finished') {
      say(`   … ${view.phase} (${view.progress.done}/${view.progress.total})`);
      lastPhase = view.phase;
    }
    if (['succeeded', 'partial', 'failed', 'cancelled'].includes(view.state)) return view;
    if (Date.now() > deadline) throw new Error('The export did not finish within 10 minutes.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function siteUsage(
  emulator: RunningEmulator,
  cloudId: string,
): Promise<{ count: number; points: number }> {
  const response = await fetch(`${emulator.url}/_emulator/requests`);
  const log = (await response.json()) as {
    sites: Record<string, { count: number; points: number }>;
  };
  return log.sites[cloudId] ?? { count: 0, points: 0 };
}
