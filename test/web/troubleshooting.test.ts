// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText reads the rendered text a person sees, which these assertions need.
// The seed's troubleshooting cases where people meet them: a declined consent, "No projects
// found" for an account that administers no project, "Permission denied" when it lacks Create
// Issues (Sam in FIN), "Missing issue types" for a project without Story (DATA) and its fix
// through the type mapping, and "reconnect required" after the user removes the app at
// Atlassian.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ADA,
  assertNoPageErrors,
  connectJira,
  importPlan,
  mainNav,
  openPage,
  ROOT,
  SAM,
  screenshot,
  signUp,
  startWorld,
  type World,
} from './harness.ts';

const PLAN = path.join(ROOT, 'examples', 'plans', 'web-launch.yaml');
const TITLE = 'Larkspur Coffee web shop relaunch';

describe('troubleshooting cases in the browser', { timeout: 180_000 }, () => {
  let world: World;
  let samContext: BrowserContext;
  let adaContext: BrowserContext;
  let sam: Page;
  let ada: Page;
  before(async () => {
    world = await startWorld();
    samContext = await world.context();
    adaContext = await world.context();
    sam = await openPage(samContext, '/signup');
    ada = await openPage(adaContext, '/signup');
  });
  after(async () => {
    await world?.close();
  });

  it('declining on the consent screen says so and how to try again', async () => {
    await signUp(sam, 'Sam Smith', 'sam@projan.example');
    await mainNav(sam, 'Jira');
    await sam.getByRole('button', { name: 'Connect Jira' }).click();
    await sam.waitForURL((url) => url.pathname === '/authorize');
    await sam.selectOption('#account', SAM);
    await sam.click('#deny');
    const box = sam.locator('[data-code="consent_denied"]');
    await box.waitFor();
    assert.match(await box.innerText(), /Jira was not connected/);
    assert.match(await box.innerText(), /click “Connect Jira” again and choose Accept/);
    assert.equal(new URL(sam.url()).search, '', 'the error code is dropped from the address');
    await screenshot(sam, '29-consent-declined');
  });

  it('"No projects found" shows its guidance on the export tab', async () => {
    await connectJira(sam, SAM);
    await sam.getByText('Jira is connected to acme-software.').waitFor();
    await importPlan(sam, PLAN, TITLE);
    await sam.getByRole('link', { name: 'Export to Jira' }).click();
    const box = sam.locator('[data-code="no_projects_found"]');
    await box.waitFor();
    const text = await box.innerText();
    assert.match(text, /No projects found/);
    assert.match(text, /Verify you have project admin access for at least one project\./);
    assert.match(text, /Ensure the connected account has the correct Jira permissions\./);
    await screenshot(sam, '30-no-projects-found');
  });

  it('"Permission denied" names Create Issues when the account cannot create in FIN', async () => {
    await sam.getByLabel('Project key').fill('FIN');
    await sam.getByRole('button', { name: 'Use FIN' }).click();
    await sam.getByRole('button', { name: 'Run preflight' }).click();
    const problem = sam.locator('[data-code="permission_denied"]').first();
    await problem.waitFor();
    const text = await problem.innerText();
    assert.match(text, /Permission denied/);
    assert.match(text, /“Create Issues” permission in the target project/);
    assert.match(await sam.getByTestId('preflight-report').innerText(), /Cannot export yet/);
    assert.equal(await sam.getByRole('button', { name: 'Export to FIN' }).isDisabled(), true);
    await screenshot(sam, '31-permission-denied');
  });

  it('"Missing issue types" for DATA, fixed by mapping story to Task', async () => {
    await signUp(ada, 'Ada Lovelace', 'ada@projan.example');
    await connectJira(ada, ADA);
    await ada.getByRole('radio', { name: /acme-software/ }).check();
    await ada.getByRole('button', { name: 'Use this site' }).click();
    await ada.getByText('Jira is connected to acme-software.').waitFor();
    await importPlan(ada, PLAN, TITLE);
    await ada.getByRole('link', { name: 'Export to Jira' }).click();
    await ada.getByRole('radio', { name: /DATA/ }).check();
    await ada.getByRole('button', { name: 'Run preflight' }).click();
    const problem = ada.locator('[data-code="missing_issue_types"]');
    await problem.waitFor();
    const text = await problem.innerText();
    assert.match(text, /Missing issue types/);
    assert.match(text, /Ensure the target project uses a standard issue type scheme/);
    assert.match(text, /Custom issue types are not automatically mapped/);
    await screenshot(ada, '32-missing-issue-types');

    const story = ada.getByLabel('Plan type story');
    await ada.getByRole('option', { name: 'Automatic (no match)' }).first().waitFor({
      state: 'attached',
    });
    assert.equal(
      await story.getAttribute('aria-invalid'),
      'true',
      'the unmatched story type is flagged',
    );
    const offered = await story.locator('option').allTextContents();
    assert.deepEqual(offered, ['Automatic (no match)', 'Epic', 'Task', 'Bug', 'Sub-task']);
    await story.selectOption('Task');
    await screenshot(ada, '32-type-mapping-story-to-task');
    await ada.getByRole('button', { name: 'Run the preflight again' }).click();
    await ada.getByText('Ready to export').waitFor();
    assert.equal(await ada.locator('[data-code="missing_issue_types"]').count(), 0);
  });

  it('"Reconnect required" after the app is removed at Atlassian', async () => {
    for (const route of ['revoke', 'expire-tokens']) {
      const answer = await fetch(`${world.emulator.url}/_emulator/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(route === 'revoke' ? { accountId: ADA } : {}),
      });
      assert.equal(answer.status, 200, route);
    }
    await ada.reload();
    const projects = ada.locator('[data-code="reconnect_required"]');
    await projects.waitFor();
    assert.match(await projects.innerText(), /Disconnect, then click “Connect Jira”/);
    await ada.getByRole('link', { name: 'Jira', exact: true }).click();
    await ada
      .getByRole('heading', { name: /Reconnect required/ })
      .first()
      .waitFor();
    const guidance = await ada.locator('[data-code="reconnect_required"]').innerText();
    assert.match(guidance, /Tokens auto-refresh - no re-authentication needed/);
    assert.ok(await ada.getByRole('button', { name: 'Disconnect' }).isVisible());
    await screenshot(ada, '33-reconnect-required');
    assertNoPageErrors(world);
  });
});
