// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText reads the rendered text a person sees, which these assertions need.
// Roles and disconnect in the browser: a team admin connects Jira for the team; a member sees
// the status card without Connect or Disconnect; the admin disconnects through the dialog that
// says what happens, and the status then shows "Not connected".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  assertNoPageErrors,
  connectJira,
  openPage,
  PRIYA,
  screenshot,
  signUp,
  startWorld,
  type World,
} from './harness.ts';

describe('team roles and disconnect in the browser', { timeout: 180_000 }, () => {
  let world: World;
  let adminContext: BrowserContext;
  let memberContext: BrowserContext;
  let admin: Page;
  let member: Page;
  before(async () => {
    world = await startWorld();
    adminContext = await world.context();
    memberContext = await world.context();
    admin = await openPage(adminContext, '/signup');
    member = await openPage(memberContext, '/signup');
  });
  after(async () => {
    await world?.close();
  });

  it('an admin creates a team, adds a member and connects Jira (one site: no chooser)', async () => {
    await signUp(member, 'Mo Member', 'mo@projan.example');
    await signUp(admin, 'Priya Admin', 'priya@projan.example');
    await admin.getByRole('link', { name: 'Team' }).click();
    await admin.getByLabel('Team name').fill('Web team');
    await admin.getByRole('button', { name: 'Create team' }).click();
    await admin.getByRole('heading', { name: 'Team Web team' }).waitFor();
    await admin.getByLabel('Email', { exact: true }).fill('mo@projan.example');
    await admin.getByRole('button', { name: 'Add member' }).click();
    await admin.getByText('mo@projan.example was added.').waitFor();
    assert.equal(await admin.getByLabel('Role of mo@projan.example').inputValue(), 'member');
    await screenshot(admin, '20-team-members');

    await connectJira(admin, PRIYA);
    await admin.getByText('Jira is connected to acme-software.').waitFor();
    assert.equal(await admin.locator('.site-option').count(), 0);
  });

  it('a member sees the status card without Connect or Disconnect', async () => {
    await member.reload();
    await member.getByLabel('Workspace').selectOption({ label: 'Web team (team, member)' });
    await member.getByRole('link', { name: 'Jira', exact: true }).click();
    await member.getByText('acme-software', { exact: true }).waitFor();
    assert.match(await member.locator('.facts').innerText(), /Connected by\s+Priya Admin/);
    assert.equal(await member.getByRole('button', { name: 'Disconnect' }).count(), 0);
    assert.equal(await member.getByRole('button', { name: 'Connect Jira' }).count(), 0);
    assert.ok(
      await member
        .getByText('Only an admin of this workspace can connect or disconnect Jira.')
        .isVisible(),
    );
    await screenshot(member, '21-member-status');
  });

  it('shows an API token once, with a copy button', async () => {
    await admin.getByRole('link', { name: 'API tokens' }).click();
    await admin.getByLabel('Name').fill('CI pipeline');
    await admin.getByRole('button', { name: 'Create token' }).click();
    const token = await admin.getByLabel('New API token').inputValue();
    assert.match(token, /^pjn_/);
    assert.ok(await admin.getByRole('button', { name: 'Copy' }).isVisible());
    await screenshot(admin, '22-token-once');
    await admin.reload();
    await admin.getByRole('cell', { name: 'CI pipeline' }).waitFor();
    assert.equal(await admin.getByLabel('New API token').count(), 0, 'not shown again');
    assert.equal(await admin.getByText(token).count(), 0);
  });

  it('disconnect asks first, says what happens, then purges', async () => {
    await admin.getByRole('link', { name: 'Jira', exact: true }).click();
    await admin.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.match(text, /Stored tokens are purged immediately/);
    assert.match(text, /Previously exported issues remain in Jira unaffected/);
    assert.match(text, /id\.atlassian\.com > Connected apps/);
    await screenshot(admin, '23-disconnect-dialog');
    await dialog.getByRole('button', { name: 'Disconnect Jira' }).click();
    await admin.getByRole('heading', { name: /Not connected/ }).waitFor();
    assert.ok(
      await admin
        .getByText('Jira is disconnected and Projan deleted its stored tokens.', { exact: false })
        .isVisible(),
    );
    assert.ok(await admin.getByRole('button', { name: 'Connect Jira' }).isVisible());
    await screenshot(admin, '24-disconnected');

    await member.reload();
    await member.getByRole('heading', { name: /Not connected/ }).waitFor();
    assert.equal(await member.getByRole('button', { name: 'Connect Jira' }).count(), 0);
  });

  it('works from the keyboard with a visible focus', async () => {
    await member.getByRole('heading', { name: /Not connected/ }).waitFor();
    await member.locator('body').focus();
    await member.keyboard.press('Tab');
    const skip = member.getByRole('link', { name: 'Skip to content' });
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
    assert.equal(await skip.evaluate((el) => getComputedStyle(el).outlineStyle), 'solid');
    assert.ok(await skip.isVisible(), 'the skip link shows when focused');
    await member.keyboard.press('Enter');
    assert.equal(await member.evaluate(() => document.activeElement?.id), 'main');
    await screenshot(member, '26-keyboard-focus');
  });

  it('signs out and back in, keeping the team workspace', async () => {
    await member.getByRole('button', { name: 'Sign out' }).click();
    await member.getByRole('heading', { name: 'Sign in' }).waitFor();
    await member.getByLabel('Email').fill('mo@projan.example');
    await member.getByLabel('Password').fill('wrong password');
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.getByRole('alert').waitFor();
    await screenshot(member, '25-sign-in-refused');
    await member.getByLabel('Password').fill('pw-mo@projan.example-long-enough');
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.getByRole('heading', { name: 'Plans', exact: true }).waitFor();
    assert.equal(
      await member.getByLabel('Workspace').inputValue(),
      await member.getByRole('option', { name: 'Web team (team, member)' }).getAttribute('value'),
    );
    assertNoPageErrors(world);
  });
});
