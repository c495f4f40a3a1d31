/**
 * The world of a browser test: the Jira Cloud emulator and a Projan server (embedded export
 * worker, a temporary data directory) on free loopback ports, the web app built into
 * `dist/web`, and Debian's Chromium driven through playwright-core. Helpers act as a person
 * would: they click and type, and never call the API behind the page's back.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildWebApp } from '../../scripts/build-web.ts';
import { DEFAULT_ATLASSIAN_SCOPES } from '../../src/config/index.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.ts';
import { type RunningServer, startServer } from '../../src/server/start.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

/** Accounts of the emulator's default fixture. */
export const ADA = '5f1a2b3c4d5e6f7a8b9c0d01';
export const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d02';
export const SAM = '5f1a2b3c4d5e6f7a8b9c0d03';

/** A phone-sized viewport (portrait). */
export const PHONE = { width: 390, height: 844 };

/** Everything a browser test uses. */
export interface World {
  emulator: RunningEmulator;
  server: RunningServer;
  browser: Browser;
  /** A fresh browser profile (its own cookies) on the Projan server. */
  context(options?: { viewport?: { width: number; height: number } }): Promise<BrowserContext>;
  /** Problems the pages reported: console errors (CSP violations included) and page errors. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Builds the app, starts the emulator, the server and Chromium. */
export async function startWorld(): Promise<World> {
  await buildWebApp();
  await mkdir(SCREENSHOTS, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'projan-web-'));
  const emulator = await startEmulator({ port: 0 });
  const server = await startServer(
    {
      dataDir,
      logLevel: 'silent',
      secretKey: randomBytes(32).toString('base64'),
      atlassian: {
        clientId: emulator.fixture.app.clientId,
        clientSecret: emulator.fixture.app.clientSecret,
        scopes: DEFAULT_ATLASSIAN_SCOPES,
        authUrl: emulator.url,
        apiUrl: emulator.url,
      },
    },
    { port: 0, host: '127.0.0.1', webDistDir: path.join(ROOT, 'dist', 'web'), worker: 'embedded' },
    { logger: pino({ level: 'silent' }), workerPollMs: 50 },
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const pageErrors: string[] = [];
  return {
    emulator,
    server,
    browser,
    pageErrors,
    async context(options = {}) {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: options.viewport ?? { width: 1280, height: 860 },
        ...(options.viewport ? { isMobile: true, hasTouch: true } : {}),
      });
      context.setDefaultTimeout(20_000);
      context.on('page', (page) => watch(page, pageErrors));
      return context;
    },
    async close() {
      await browser.close();
      await server.close();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function watch(page: Page, errors: string[]): void {
  page.on('console', (message) => {
    // A refused API call logs a console error by design (the page shows the problem instead).
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
      errors.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
}

/** A new page in `context`, watched for errors. */
export async function openPage(context: BrowserContext, url = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Saves a full-page screenshot as `test-artifacts/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Creates an account through the sign-up form; lands on the plan list. */
export async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(`pw-${email}-long-enough`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Plans', exact: true }).waitFor();
}

/**
 * Settings > Integrations > Jira > "Connect Jira", then the emulator's consent page as the
 * given Atlassian account; returns when the browser is back on the settings page.
 */
export async function connectJira(page: Page, accountId: string): Promise<void> {
  await mainNav(page, 'Jira');
  await page.getByRole('button', { name: 'Connect Jira' }).click();
  await page.waitForURL((url) => url.pathname === '/authorize');
  await page.selectOption('#account', accountId);
  await page.click('#accept');
  await page.waitForURL((url) => url.pathname === '/settings/integrations/jira');
}

/** Follows a link of the header's main navigation. */
export async function mainNav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

/** Imports a plan file through the file input; lands on the plan page. */
export async function importPlan(page: Page, file: string, title: string): Promise<void> {
  await mainNav(page, 'Plans');
  await page.getByLabel('Plan file', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Import plan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** Asserts that no page reported an error (a CSP violation would be one). */
export function assertNoPageErrors(world: World): void {
  assert.deepEqual(world.pageErrors, [], 'the pages ran without console or script errors');
}
