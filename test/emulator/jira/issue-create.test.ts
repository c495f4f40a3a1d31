import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADA, doc, KAI, LEE, SAM, testSite } from './helpers.ts';

const story = (fields: Record<string, unknown> = {}) => ({
  fields: {
    project: { key: 'WEB' },
    issuetype: { name: 'Story' },
    summary: 'Checkout page',
    ...fields,
  },
});

describe('POST /issue', () => {
  it('answers 201 {id,key,self} with sequential keys and global numeric ids (facts §2.6, must-have 15)', () => {
    const { call } = testSite();
    const first = call('POST', '/issue', { body: story() });
    const second = call('POST', '/issue', { body: story({ summary: 'Second' }) });
    assert.equal(first.status, 201);
    assert.deepEqual(Object.keys(first.body).sort(), ['id', 'key', 'self']);
    assert.equal(first.body.key, 'WEB-4');
    assert.equal(second.body.key, 'WEB-5');
    assert.match(first.body.id, /^\d+$/);
    assert.equal(Number(second.body.id), Number(first.body.id) + 1);
    assert.equal(
      first.body.self,
      `https://acme-software.atlassian.net/rest/api/3/issue/${first.body.id}`,
    );
  });

  it('has no idempotency: a replayed POST creates a duplicate (facts §5, must-have 15)', () => {
    const { call } = testSite();
    const body = story({ labels: ['plan-42'] });
    const a = call('POST', '/issue', { body });
    const b = call('POST', '/issue', { body });
    assert.notEqual(a.body.key, b.body.key);
    const found = call('POST', '/search/jql', {
      body: { jql: 'labels = plan-42', fields: ['summary'] },
    });
    assert.equal(found.body.issues.length, 2);
  });

  it('applies a transition sent with the create and reports it in `transition` (facts §2.6)', () => {
    const { call } = testSite();
    const moved = call('POST', '/issue', { body: { ...story(), transition: { id: '11' } } });
    assert.deepEqual(moved.body.transition, {
      status: 200,
      errorCollection: { errorMessages: [], errors: {} },
    });
    const status = call('GET', `/issue/${moved.body.key}`, { query: 'fields=status' }).body.fields
      .status;
    assert.equal(status.name, 'In Progress');
    const stuck = call('POST', '/issue', { body: { ...story(), transition: { id: '31' } } });
    assert.equal(stuck.status, 201);
    assert.equal(stuck.body.transition.status, 400);
  });

  it('stores properties sent at create time (facts §2.11)', () => {
    const { call } = testSite();
    const made = call('POST', '/issue', {
      body: {
        ...story(),
        properties: [{ key: 'com.projan.item', value: { planId: '42', nodeId: 'n7' } }],
      },
    });
    const prop = call('GET', `/issue/${made.body.key}/properties/com.projan.item`);
    assert.deepEqual(prop.body, { key: 'com.projan.item', value: { planId: '42', nodeId: 'n7' } });
  });

  it('reports an invisible or unknown project as "Specify a valid project ID or key" (facts §4)', () => {
    const { call } = testSite();
    const hidden = call('POST', '/issue', { body: story({ project: { key: 'SEC' } }), as: SAM });
    const missing = call('POST', '/issue', { body: story({ project: { key: 'NOPE' } }) });
    for (const r of [hidden, missing]) {
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, {
        errorMessages: [],
        errors: { project: 'Specify a valid project ID or key' },
      });
    }
  });

  it('refuses a visible project without Create issues in errorMessages (facts §4)', () => {
    const { call } = testSite();
    const r = call('POST', '/issue', {
      body: { fields: { project: { key: 'FIN' }, issuetype: { name: 'Task' }, summary: 'x' } },
      as: SAM,
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      errorMessages: ['You do not have permission to create issues in this project.'],
      errors: {},
    });
  });

  it('names a missing or foreign issue type (facts §2.6, §4)', () => {
    const { call } = testSite();
    const none = call('POST', '/issue', {
      body: { fields: { project: { key: 'WEB' }, summary: 'x' } },
    });
    assert.deepEqual(none.body.errors, { issuetype: 'Specify an issue type' });
    const noStory = call('POST', '/issue', {
      body: { fields: { project: { key: 'DATA' }, issuetype: { name: 'Story' }, summary: 'x' } },
    });
    assert.deepEqual(noStory.body.errors, { issuetype: 'The issue type selected is invalid.' });
    const mobTypeInWeb = call('POST', '/issue', { body: story({ issuetype: { id: '10011' } }) });
    assert.deepEqual(mobTypeInWeb.body.errors, {
      issuetype: 'The issue type selected is invalid.',
    });
  });

  it('reports every field error at once: required, off-screen, summary, ADF, labels (facts §4, must-haves 12-13)', () => {
    const { call } = testSite();
    const r = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'OPS' },
          issuetype: { name: 'Story' },
          summary: 'line one\nline two',
          description: 'plain text',
          labels: ['has space'],
          customfield_10016: 3,
        },
      },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      errorMessages: [],
      errors: {
        summary: 'The summary is invalid because it contains newline characters.',
        description:
          'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
        labels: "The label 'has space' contains spaces which is invalid.",
        customfield_10016:
          "Field 'customfield_10016' cannot be set. It is not on the appropriate screen, or unknown.",
        customfield_10030: 'Team is required.',
      },
    });
  });

  it('requires a summary and caps it at 255 characters (facts §3)', () => {
    const { call } = testSite();
    const missing = call('POST', '/issue', { body: story({ summary: undefined }) });
    assert.deepEqual(missing.body.errors, { summary: 'You must specify a summary of the issue.' });
    const long = call('POST', '/issue', { body: story({ summary: 'x'.repeat(256) }) });
    assert.deepEqual(long.body.errors, { summary: "Summary can't exceed 255 characters." });
    const exact = call('POST', '/issue', { body: story({ summary: 'x'.repeat(255) }) });
    assert.equal(exact.status, 201);
  });

  it('wants ADF in textarea customs and limits rich text to 32,767 characters (facts §3)', () => {
    const { call } = testSite();
    const textarea = call('POST', '/issue', { body: story({ customfield_10031: 'Given a cart' }) });
    assert.deepEqual(textarea.body.errors, {
      customfield_10031:
        'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
    });
    const long = call('POST', '/issue', { body: story({ description: doc('x'.repeat(32768)) }) });
    assert.deepEqual(long.body.errors, {
      description:
        'The entered text is too long. It exceeds the allowed limit of 32,767 characters.',
    });
    const fine = call('POST', '/issue', {
      body: story({ description: doc('Pay with a card'), customfield_10031: doc('Given a cart') }),
    });
    assert.equal(fine.status, 201);
  });

  it('refuses structurally broken ADF with the generic unsupported-content message (facts §3)', () => {
    const { call } = testSite();
    const r = call('POST', '/issue', {
      body: story({ description: { type: 'doc', version: 1, content: [{ type: 'marquee' }] } }),
    });
    assert.equal(r.status, 400);
    assert.match(r.body.errorMessages[0], /^We can't create this issue for you right now/);
    const wrongVersion = call('POST', '/issue', {
      body: story({ description: { type: 'doc', version: 2, content: [] } }),
    });
    assert.equal(wrongVersion.body.errors.description.startsWith('Operation value must be'), true);
  });

  it('asks for the legacy Epic Name where the screen requires it (facts §2.7)', () => {
    const { call } = testSite();
    const r = call('POST', '/issue', {
      body: {
        fields: { project: { key: 'OPS' }, issuetype: { name: 'Epic' }, summary: 'Billing' },
      },
    });
    assert.deepEqual(r.body.errors, { customfield_10011: 'Epic Name is required.' });
  });

  it('accepts a select option by value or id and rejects unknown ones (createmeta allowedValues)', () => {
    const { call } = testSite();
    const ops = (team: unknown) => ({
      fields: {
        project: { key: 'OPS' },
        issuetype: { name: 'Story' },
        summary: 's',
        customfield_10030: team,
      },
    });
    assert.equal(call('POST', '/issue', { body: ops({ value: 'Payments' }) }).status, 201);
    assert.equal(call('POST', '/issue', { body: ops({ id: '10102' }) }).status, 201);
    const bad = call('POST', '/issue', { body: ops({ value: 'Legal' }) });
    assert.deepEqual(bad.body.errors, { customfield_10030: "Option value 'Legal' is not valid" });
  });

  describe('people and priorities (facts §2.13, must-have 12)', () => {
    it('takes the assignee by accountId only, and only an assignable one', () => {
      const { call } = testSite();
      assert.equal(
        call('POST', '/issue', { body: story({ assignee: { accountId: SAM } }) }).status,
        201,
      );
      assert.equal(call('POST', '/issue', { body: story({ assignee: { id: KAI } }) }).status, 201);
      const byName = call('POST', '/issue', { body: story({ assignee: { name: 'sam' } }) });
      assert.deepEqual(byName.body.errors, { assignee: 'Specify a valid accountId for Assignee.' });
      const notAssignable = call('POST', '/issue', { body: story({ assignee: { id: LEE } }) });
      assert.deepEqual(notAssignable.body.errors, {
        assignee: `User '${LEE}' cannot be assigned issues.`,
      });
    });

    it('takes a priority by id or name and defaults to Medium', () => {
      const { call } = testSite();
      const byName = call('POST', '/issue', { body: story({ priority: { name: 'High' } }) });
      const byId = call('POST', '/issue', { body: story({ priority: { id: '5' } }) });
      const none = call('POST', '/issue', { body: story() });
      const name = (key: string) =>
        call('GET', `/issue/${key}`, { query: 'fields=priority' }).body.fields.priority.name;
      assert.equal(name(byName.body.key), 'High');
      assert.equal(name(byId.body.key), 'Lowest');
      assert.equal(name(none.body.key), 'Medium');
      const bad = call('POST', '/issue', { body: story({ priority: { id: '99' } }) });
      assert.deepEqual(bad.body.errors, { priority: "Priority with id '99' does not exist" });
    });
  });

  describe('update.issuelinks on create (must-have 18)', () => {
    it('is accepted where the create screen has Linked Issues, with the new issue as the named side', () => {
      const { call } = testSite();
      const r = call('POST', '/issue', {
        body: {
          ...story(),
          update: {
            issuelinks: [{ add: { type: { name: 'Blocks' }, inwardIssue: { key: 'WEB-3' } } }],
          },
        },
      });
      assert.equal(r.status, 201);
      const links = call('GET', '/issue/WEB-3', { query: 'fields=issuelinks' }).body.fields
        .issuelinks;
      assert.ok(
        links.some((l: { outwardIssue?: { key: string } }) => l.outwardIssue?.key === r.body.key),
      );
    });

    it('is refused where the create screen lacks it (OPS, WEB Sub-task)', () => {
      const { call } = testSite();
      const r = call('POST', '/issue', {
        body: {
          fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'x' },
          update: {
            issuelinks: [{ add: { type: { name: 'Blocks' }, outwardIssue: { key: 'OPS-2' } } }],
          },
        },
        as: ADA,
      });
      assert.deepEqual(r.body.errors, {
        issuelinks:
          "Field 'issuelinks' cannot be set. It is not on the appropriate screen, or unknown.",
      });
    });
  });
});
