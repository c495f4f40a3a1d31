// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText reads the rendered text a person sees, which these assertions need.
// Live progress in the browser when Jira rate-limits the export: the emulator answers the first
// bulk create with 429 (quota exhausted, Retry-After 2 s), the run page shows the pause and its
// reason from the server-sent events, then the export finishes with every item created.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  assertNoPageErrors,
  connectJira,
  importPlan,
  openPage,
  PRIYA,
  ROOT,
  screenshot,
  signUp,
  startWorld,
  type World,
} from './harness.ts';

const PLAN = path.join(ROOT, 'examples', 'plans', 'web-launch.yaml');
const TITLE = 'Larkspur Coffee web shop relaunch';

describe('export progress with a rate-limit pause', { timeout: 180_000 }, () => {
  let world: World;
  let page: Page;
  before(async () => {
    world = await startWorld();
    page = await openPage(await world.context(), '/signup');
  });
  after(async () => {
    await world?.close();
  });

  it('shows the pause with its reason, then finishes', async () => {
    await signUp(page, 'Priya Patel', 'priya@projan.example');
    await connectJira(page, PRIYA);
    await page.getByText('Jira is connected to acme-software.').waitFor();
    await importPlan(page, PLAN, TITLE);
    await page.getByRole('link', { name: 'Export to Jira' }).click();
    await page.getByRole('radio', { name: /WEB/ }).check();
    await page.getByRole('button', { name: 'Run preflight' }).click();
    await page.getByText('Ready to export').waitFor();

    const faults = await fetch(`${world.emulator.url}/_emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rules: [
          {
            method: 'POST',
            path: '/ex/jira/*/rest/api/3/issue/bulk',
            nth: 1,
            times: 1,
            fault: { rateLimit: 'jira-quota-global-based', retryAfter: 2 },
          },
        ],
      }),
    });
    assert.equal(faults.status, 200, await faults.text());

    await page.getByRole('button', { name: 'Export to WEB' }).click();
    await page.waitForURL(/\/exports\//);
    const pause = page.getByTestId('pause');
    await pause.waitFor();
    assert.match(await pause.innerText(), /^Paused\. Jira’s hourly rate-limit quota is used up/);
    await screenshot(page, '40-export-paused');
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    assert.equal(await pause.count(), 0, 'the pause notice is gone');
    assert.match(await page.locator('.counts').first().innerText(), /^40\s+created/m);
    assertNoPageErrors(world);
  });
});
