import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildItemDescription } from '../../src/jira/adf/index.ts';
import { JiraApiError } from '../../src/jira/errors.ts';
import { ADMIN, type EmulatorEnv, emulatorEnv } from './emulator-env.ts';

/** An account of the fixture that may browse WEB but not create issues in it. */
const VIEWER = '5f1a2b3c4d5e6f7a8b9c0d04';

async function rejection(p: Promise<unknown>): Promise<JiraApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof JiraApiError, String(err));
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('typed calls against the emulator', () => {
  let env: EmulatorEnv;
  before(async () => {
    env = await emulatorEnv();
  });
  after(() => env.close());

  it('reads the account, the site and its metadata', async () => {
    assert.equal((await env.client.myself()).accountId, ADMIN);
    assert.equal((await env.client.serverInfo()).deploymentType, 'Cloud');
    const blocks = (await env.client.getIssueLinkTypes()).find((t) => t.name === 'Blocks');
    assert.deepEqual(blocks && { inward: blocks.inward, outward: blocks.outward }, {
      inward: 'is blocked by',
      outward: 'blocks',
    });
    const priorities = await env.client.getPriorities();
    assert.ok(priorities.some((p) => p.name === 'High'));
    const fields = await env.client.getFields();
    assert.ok(fields.some((f) => f.id === 'summary' && f.custom === false));
  });

  it('reads projects, issue types by level and the team-managed hierarchy', async () => {
    const web = await env.client.getProject('WEB');
    assert.equal(web.style, 'classic');
    const levels = await env.client.getIssueTypesForProject(web.id);
    assert.deepEqual(
      levels
        .filter((t) => ['Epic', 'Story'].includes(t.name))
        .map((t) => [t.name, t.hierarchyLevel]),
      [
        ['Epic', 1],
        ['Story', 0],
      ],
    );
    const mob = await env.client.getProject('MOB');
    assert.equal(mob.style, 'next-gen');
    const hierarchy = await env.client.getProjectHierarchy(mob.id);
    assert.deepEqual(hierarchy.map((l) => l.level).sort(), [-1, 0, 1]);
    assert.ok(hierarchy.every((l) => l.issueTypes.every((t) => typeof t.id === 'string')));
  });

  it('keeps Jira texts on a 404 without parsing them', async () => {
    const err = await rejection(env.client.getProject('NOPE'));
    assert.equal(err.code, 'not_found');
    assert.equal(err.status, 404);
    assert.equal(err.errorMessages.length, 1);
  });

  it('creates an issue under an epic with the fields and property, and reads it back', async () => {
    const description = buildItemDescription({
      description: 'Build **it**',
      acceptanceCriteria: ['works'],
    });
    assert.ok(description);
    const created = await env.client.createIssue({
      project: { key: 'WEB' },
      issueTypeId: '10001',
      summary: 'Checkout page',
      description,
      parent: 'WEB-1',
      labels: ['plan-42'],
      priorityId: '2',
      assigneeAccountId: ADMIN,
      dueDate: '2027-01-15',
      properties: [{ key: 'projan.item', value: { planId: '42', itemId: 'checkout' } }],
    });
    assert.match(created.key, /^WEB-\d+$/);
    const issue = await env.client.getIssue(created.key, {
      fields: ['summary', 'parent', 'labels', 'priority', 'assignee', 'duedate', 'description'],
      properties: ['projan.item'],
    });
    assert.equal(issue.id, created.id);
    assert.equal(issue.fields.summary, 'Checkout page');
    assert.equal((issue.fields.parent as { key: string }).key, 'WEB-1');
    assert.deepEqual(issue.fields.labels, ['plan-42']);
    assert.equal((issue.fields.assignee as { accountId: string }).accountId, ADMIN);
    assert.equal(issue.fields.duedate, '2027-01-15');
    assert.deepEqual(issue.fields.description, description);
    assert.deepEqual(issue.properties, { 'projan.item': { planId: '42', itemId: 'checkout' } });
  });

  it('edits fields, clears one with null, and sets and reads a property', async () => {
    await env.client.editIssue('WEB-3', { summary: 'CDN and TLS', dueDate: '2027-02-01' });
    await env.client.editIssue('WEB-3', { dueDate: null });
    const issue = await env.client.getIssue('WEB-3', { fields: ['summary', 'duedate'] });
    assert.equal(issue.fields.summary, 'CDN and TLS');
    assert.equal(issue.fields.duedate ?? null, null);
    assert.equal(await env.client.getIssueProperty('WEB-3', 'projan.item'), undefined);
    await env.client.setIssueProperty('WEB-3', 'projan.item', { itemId: 'cdn' });
    assert.deepEqual(await env.client.getIssueProperty('WEB-3', 'projan.item'), { itemId: 'cdn' });
  });

  it('creates a Blocks link with the blocker as inward issue, read back from both ends', async () => {
    await env.client.createIssueLink({
      typeName: 'Blocks',
      inwardIssue: 'WEB-2',
      outwardIssue: 'WEB-3',
    });
    const onBlocker = (await env.client.getIssueLinks('WEB-2')).filter(
      (l) => l.type.name === 'Blocks',
    );
    const onBlocked = (await env.client.getIssueLinks('WEB-3')).filter(
      (l) => l.type.name === 'Blocks',
    );
    assert.deepEqual(
      onBlocker.map((l) => [l.direction, l.other.key, l.type.outward]),
      [['outward', 'WEB-3', 'blocks']],
    );
    assert.deepEqual(
      onBlocked.map((l) => [l.direction, l.other.key, l.type.inward]),
      [['inward', 'WEB-2', 'is blocked by']],
    );
  });

  it('transitions an issue to a done-category status', async () => {
    const created = await env.client.createIssue({
      project: { key: 'WEB' },
      issueTypeId: '10002',
      summary: 'to finish',
    });
    // Workflows may need several steps (To Do -> In Progress -> Done); follow them forward.
    for (let step = 0; step < 4; step += 1) {
      const transitions = await env.client.getTransitions(created.key);
      assert.ok(transitions.length > 0);
      const done = transitions.find((t) => t.to.statusCategory?.key === 'done');
      const next = done ?? transitions.find((t) => t.to.statusCategory?.key === 'indeterminate');
      assert.ok(next, 'the workflow moves forward');
      await env.client.transitionIssue(created.key, next.id);
      if (done) break;
    }
    const issue = await env.client.getIssue(created.key, { fields: ['status'] });
    const status = issue.fields.status as { statusCategory: { key: string } };
    assert.equal(status.statusCategory.key, 'done');
  });
});

describe('an account without Create issues', () => {
  let env: EmulatorEnv;
  before(async () => {
    env = await emulatorEnv({ accountId: VIEWER });
  });
  after(() => env.close());

  it('sees the missing permission and gets Jira refusal kept verbatim', async () => {
    const perms = await env.client.myPermissions('WEB', ['BROWSE_PROJECTS', 'CREATE_ISSUES']);
    assert.deepEqual(perms, { BROWSE_PROJECTS: true, CREATE_ISSUES: false });
    const invalid = await rejection(env.client.myPermissions('WEB', ['NOT_A_PERMISSION']));
    assert.equal(invalid.code, 'bad_request');
    const creatable = await env.client.searchProjects({ action: 'create' });
    assert.ok(!creatable.some((p) => p.key === 'WEB'));
    const err = await rejection(
      env.client.createIssue({ project: { key: 'WEB' }, issueTypeId: '10002', summary: 'nope' }),
    );
    assert.ok(['bad_request', 'forbidden'].includes(err.code));
    assert.ok(err.errorMessages.length + Object.keys(err.fieldErrors).length > 0);
  });
});
