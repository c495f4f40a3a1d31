import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testSite } from './helpers.ts';

const story = (fields: Record<string, unknown> = {}) => ({
  fields: {
    project: { key: 'WEB' },
    issuetype: { name: 'Story' },
    summary: 'Checkout page',
    ...fields,
  },
});

describe('POST /issue parents (facts §2.7, must-have 14)', () => {
  it('links a story to its epic and a sub-task to its story, by key or id', () => {
    const { call } = testSite();
    const s = call('POST', '/issue', { body: story({ parent: { key: 'WEB-1' } }) });
    assert.equal(s.status, 201);
    const sub = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'WEB' },
          issuetype: { name: 'Sub-task' },
          summary: 'Write copy',
          parent: { id: s.body.id },
        },
      },
    });
    assert.equal(sub.status, 201);
    const read = call('GET', `/issue/${sub.body.key}`, { query: 'fields=parent' });
    assert.equal(read.body.fields.parent.key, s.body.key);
    assert.equal(read.body.fields.parent.fields.issuetype.name, 'Story');
  });

  it('refuses a parent that is not exactly one level up, worded per the switch', () => {
    const t = testSite();
    const epicUnderStory = t.call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'WEB' },
          issuetype: { name: 'Epic' },
          summary: 'e',
          parent: { key: 'WEB-2' },
        },
      },
    });
    assert.deepEqual(epicUnderStory.body.errors, {
      parentId: 'Given parent work item does not belong to appropriate hierarchy',
    });
    const storyUnderStory = t.call('POST', '/issue', {
      body: story({ parent: { key: 'WEB-2' } }),
    });
    assert.deepEqual(storyUnderStory.body, {
      errorMessages: [],
      errors: { parentId: 'Given parent work item does not belong to appropriate hierarchy' },
    });
    t.site.behaviour.errorWording = 'issue';
    const older = t.call('POST', '/issue', { body: story({ parent: { key: 'WEB-2' } }) });
    assert.equal(
      older.body.errors.parentId,
      'Given parent issue does not belong to appropriate hierarchy',
    );
  });

  it('treats the legacy Epic Link as the parent relation (facts §2.7)', () => {
    const { call } = testSite();
    const r = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'OPS' },
          issuetype: { name: 'Task' },
          summary: 't',
          customfield_10014: 'OPS-1',
        },
      },
    });
    assert.equal(r.status, 201);
    const read = call('GET', `/issue/${r.body.key}`, {
      query: 'fields=parent,customfield_10014',
    });
    assert.equal(read.body.fields.parent.key, 'OPS-1');
    assert.equal(read.body.fields.customfield_10014, 'OPS-1');
    const bad = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'OPS' },
          issuetype: { name: 'Task' },
          summary: 't',
          customfield_10014: 'OPS-2',
        },
      },
    });
    assert.deepEqual(bad.body.errors, {
      customfield_10014: "The Epic Link 'OPS-2' does not exist.",
    });
  });

  it('needs a parent for a sub-task', () => {
    const { call } = testSite();
    const r = call('POST', '/issue', {
      body: {
        fields: { project: { key: 'WEB' }, issuetype: { name: 'Sub-task' }, summary: 'x' },
      },
    });
    assert.deepEqual(r.body.errors, {
      issuetype: 'Issue type is a sub-task but parent issue key or id not specified.',
    });
  });

  it('keeps sub-tasks and team-managed children in the parent project', () => {
    const { call } = testSite();
    const sub = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'DATA' },
          issuetype: { name: 'Sub-task' },
          summary: 'x',
          parent: { key: 'WEB-3' },
        },
      },
    });
    assert.deepEqual(sub.body.errors, {
      project: 'Sub-tasks must be created in the same project as the parent.',
    });
    const mob = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'MOB' },
          issuetype: { name: 'Story' },
          summary: 'x',
          parent: { key: 'WEB-1' },
        },
      },
    });
    assert.equal(
      mob.body.errors.pid,
      'Work items with this Issue Type must be created in the same project as the parent.',
    );
  });

  it('uses "Subtask" in the team-managed project', () => {
    const { call } = testSite();
    const r = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'MOB' },
          issuetype: { name: 'Subtask' },
          summary: 'x',
          parent: { key: 'MOB-2' },
          customfield_10016: 2,
        },
      },
    });
    assert.deepEqual(r.body.errors, {
      customfield_10016:
        "Field 'customfield_10016' cannot be set. It is not on the appropriate screen, or unknown.",
    });
    const ok = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'MOB' },
          issuetype: { name: 'Subtask' },
          summary: 'x',
          parent: { key: 'MOB-2' },
        },
      },
    });
    assert.equal(ok.body.key, 'MOB-4');
  });
});
