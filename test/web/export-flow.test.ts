// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText reads the rendered text a person sees, which these assertions need.
// The main job in a real browser: sign up, connect Jira through the emulator's consent page
// (Ada has two sites, so the site chooser appears), import examples/plans/web-launch.yaml, run
// the preflight, pick an assignee, export to WEB, watch the progress bar reach the end and open
// a result link on the emulator's browse page.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ADA,
  assertNoPageErrors,
  connectJira,
  importPlan,
  openPage,
  PHONE,
  ROOT,
  screenshot,
  signUp,
  startWorld,
  type World,
} from './harness.ts';

const PLAN = path.join(ROOT, 'examples', 'plans', 'web-launch.yaml');
const TITLE = 'Larkspur Coffee web shop relaunch';
const INVALID = path.join(ROOT, 'examples', 'plans', 'invalid', 'unknown-dependency.yaml');

describe('export a plan to Jira in the browser', { timeout: 180_000 }, () => {
  let world: World;
  let context: BrowserContext;
  let page: Page;
  before(async () => {
    world = await startWorld();
    context = await world.context();
    page = await openPage(context, '/');
  });
  after(async () => {
    await world?.close();
  });

  it('signs up and lands on the empty plan list', async () => {
    await screenshot(page, '01-sign-in');
    await signUp(page, 'Ada Lovelace', 'ada@projan.example');
    assert.ok(await page.getByText('No plans yet. Import one below.').isVisible());
    await screenshot(page, '02-plans-empty');
  });

  it('connects Jira: consent as Ada, then the site chooser lists both sites', async () => {
    await page.getByRole('link', { name: 'Jira', exact: true }).click();
    await page.getByRole('cell', { name: 'Refresh tokens without re-auth' }).waitFor();
    await screenshot(page, '03-jira-not-connected');
    await connectJira(page, ADA);
    await page.getByRole('heading', { name: 'Select your Jira site' }).waitFor();
    const sites = page.locator('.site-option');
    assert.equal(await sites.count(), 2);
    const text = await sites.allInnerTexts();
    assert.ok(text.some((t) => t.includes('acme-software')));
    assert.ok(text.some((t) => t.includes('acme-labs')));
    assert.ok(
      text.every((t) => t.includes('write:jira-work')),
      'each site lists its scopes',
    );
    await screenshot(page, '04-site-chooser');

    await page.getByRole('radio', { name: /acme-software/ }).check();
    await page.getByRole('button', { name: 'Use this site' }).click();
    await page.getByText('Jira is connected to acme-software.').waitFor();
    const card = page.locator('.facts');
    assert.match(await card.innerText(), /Cloud ID\s+8a1d6f0e-3c2b-4e5f-9a7b-1c2d3e4f5a61/);
    assert.match(await card.innerText(), new RegExp(`Installer account\\s+${ADA}`));
    assert.match(await card.innerText(), /Connected by\s+Ada Lovelace \(ada@projan\.example\)/);
    for (const purpose of [
      'Read projects, issues, boards',
      'Create and update issues',
      'Look up assignable users',
      'Access project configuration',
      'Read issue types and workflows',
      'Refresh tokens without re-auth',
    ]) {
      assert.ok(await page.getByRole('cell', { name: purpose }).isVisible(), purpose);
    }
    assert.ok(await page.getByRole('button', { name: 'Disconnect' }).isVisible());
    await screenshot(page, '05-jira-connected');
  });

  it('shows validation errors next to the items and lines they concern', async () => {
    await page.getByRole('link', { name: 'Plans', exact: true }).click();
    // Dropped, as a person drags the file from their file manager.
    const text = await readFile(INVALID, 'utf8');
    const dataTransfer = await page.evaluateHandle(
      ({ content, name }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type: 'application/yaml' }));
        return transfer;
      },
      { content: text, name: path.basename(INVALID) },
    );
    await page.dispatchEvent('.dropzone', 'drop', { dataTransfer });
    await page.getByText(`Selected: ${path.basename(INVALID)}.`).waitFor();
    await page.getByRole('button', { name: 'Import plan' }).click();
    await page.getByText('The plan was not imported').waitFor();
    const group = page.locator('.diag-group').first();
    assert.match(await group.innerText(), /Item \S+/);
    assert.match(await group.innerText(), /line \d+, column \d+/);
    assert.ok((await page.locator('.source-marked').count()) > 0, 'the line is marked in the file');
    await screenshot(page, '06-import-errors');
  });

  it('imports the plan and shows its tree, details and dependency graph', async () => {
    await importPlan(page, PLAN, TITLE);
    await page.getByRole('button', { name: /Checkout and payments/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Checkout and payments' }).waitFor();
    await screenshot(page, '07-plan-items');
    await page.getByRole('link', { name: 'Dependencies' }).click();
    const nodes = page.locator('svg.graph g.graph-node');
    await nodes.first().waitFor();
    assert.ok((await nodes.count()) > 3);
    assert.ok((await page.locator('svg.graph path.graph-edge').count()) > 3);
    await screenshot(page, '08-plan-graph');
    // Keyboard: a focused node opens its item like a button.
    const label = (await nodes.first().getAttribute('aria-label')) ?? '';
    await nodes.first().focus();
    await page.keyboard.press('Enter');
    const title = label.replace(/^\S+ /, '');
    await page.getByRole('heading', { level: 2, name: title }).waitFor();
  });

  it('runs the preflight for WEB and picks a Jira user for an unmatched assignee', async () => {
    await page.getByRole('link', { name: 'Export to Jira' }).click();
    await page.getByRole('radio', { name: /WEB/ }).check();
    await page.getByRole('button', { name: 'Run preflight' }).click();
    const report = page.getByTestId('preflight-report');
    await report.waitFor();
    assert.match(await report.innerText(), /Ready to export/);
    await report.getByText('What happens to each item (40)').click();
    assert.ok(await report.locator('.action-create').first().isVisible());
    assert.equal(await report.locator('.action-create').count(), 40, 'every item is created');
    await screenshot(page, '09-preflight');

    const unmatched = page.locator('.choice-row', { hasText: 'Assignee “alice@example.com”' });
    await unmatched.getByRole('button', { name: 'Choose' }).click();
    await unmatched.getByRole('searchbox').fill('Pri');
    await unmatched.getByRole('button', { name: /Priya Lead/ }).click();
    assert.match(await unmatched.innerText(), /→ Priya Lead/);
    await screenshot(page, '10-assignees');
    assert.ok(await page.getByText('You changed the choices since the preflight').isVisible());
    assert.ok(await page.getByRole('button', { name: 'Export to WEB' }).isDisabled());
    await page.getByRole('button', { name: 'Run the preflight again' }).click();
    await page
      .getByText('You changed the choices since the preflight')
      .waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Run the preflight again' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Export to WEB' }).isEnabled());
  });

  it('exports: the progress bar reaches the end and every item links to its issue', async () => {
    await page.getByRole('button', { name: 'Export to WEB' }).click();
    await page.waitForURL(/\/exports\//);
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const bar = page.locator('#export-progress');
    const max = Number(await bar.getAttribute('max'));
    assert.ok(max > 0);
    assert.equal(Number(await bar.getAttribute('value')), max, 'the bar is full');
    assert.equal(await page.getByTestId('phase').innerText(), 'Finished');
    await screenshot(page, '11-export-finished');

    const row = page.locator('tr[data-item="checkout-address-form"]');
    const link = row.getByRole('link');
    const key = await link.innerText();
    assert.match(key, /^WEB-\d+$/);
    const [issuePage] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await issuePage.waitForLoadState();
    assert.ok(issuePage.url().startsWith(world.emulator.url), issuePage.url());
    assert.ok(issuePage.url().endsWith(`/browse/${key}`), issuePage.url());
    const body = await issuePage.locator('body').innerText();
    assert.match(body, /Customer enters a shipping address with postcode lookup/);
    await screenshot(issuePage, '12-emulator-browse');
    await issuePage.close();
  });

  it('lists the run in the plan history and re-exports without creating anything', async () => {
    await page.getByRole('link', { name: 'Export history of this plan' }).click();
    await page.getByRole('button', { name: 'Re-export to WEB' }).first().click();
    await page.waitForURL(/\/exports\//);
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const counts = await page.locator('.counts').innerText();
    assert.match(counts, /^0\s+created/m);
    await page.getByRole('link', { name: 'Export history of this plan' }).click();
    await page.getByRole('button', { name: 'Re-export to WEB' }).nth(1).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 2);
    await screenshot(page, '13-history');
  });

  it('shows plan text as text: markup in a plan never runs', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'projan-hostile-'));
    const file = path.join(dir, 'hostile.yaml');
    await writeFile(
      file,
      [
        'id: hostile',
        'title: "<img src=x onerror=alert(1)> plan"',
        'description: "<script>window.pwned = 1</script> **bold words**"',
        'items:',
        '  - id: a',
        '    type: task',
        '    title: "<b>not bold</b>"',
        '',
      ].join('\n'),
    );
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await importPlan(page, file, '<img src=x onerror=alert(1)> plan');
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.locator('main b').count(), 0);
    assert.ok(await page.getByRole('button', { name: /<b>not bold<\/b>/ }).isVisible());
    assert.match(
      await page.locator('.markdown').first().innerText(),
      /<script>window\.pwned = 1<\/script>/,
    );
    assert.equal(await page.locator('.markdown strong').innerText(), 'bold words');
    assert.equal(await page.evaluate(() => 'pwned' in window), false);
    assert.equal(dialogs, 0);
    await rm(dir, { recursive: true, force: true });
  });

  it('fits a phone screen', async () => {
    const phone = await world.context({ viewport: PHONE });
    await phone.addCookies(await context.cookies());
    const small = await openPage(phone, '/settings/integrations/jira');
    await small.getByText('Jira site').first().waitFor();
    const overflow = await small.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await screenshot(small, '14-phone-jira');
    await small.getByRole('link', { name: 'Plans', exact: true }).click();
    await small.getByRole('link', { name: TITLE }).click();
    await small.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await screenshot(small, '15-phone-plan');
    await small.getByRole('link', { name: 'Export to Jira' }).click();
    await small.getByRole('radio', { name: /WEB/ }).check();
    await small.getByRole('button', { name: 'Run preflight' }).click();
    await small.getByTestId('preflight-report').waitFor();
    const wide = await small.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(wide <= 0, `the export tab fits too (${wide}px too wide)`);
    await screenshot(small, '16-phone-export');
    await phone.close();
    assertNoPageErrors(world);
  });
});
