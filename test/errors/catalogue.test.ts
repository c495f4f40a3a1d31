import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { catalogue, isProjanError, ProjanError } from '../../src/errors/index.ts';
import { renderTroubleshooting } from '../../src/errors/markdown.ts';

test('docs/troubleshooting.md is the rendered catalogue', () => {
  const file = readFileSync(new URL('../../docs/troubleshooting.md', import.meta.url), 'utf8');
  assert.equal(file, renderTroubleshooting());
});

test('the seed troubleshooting texts are used word for word', () => {
  assert.equal(new ProjanError('no_projects_found').message, 'No projects found');
  assert.deepEqual(new ProjanError('token_expired').guidance, [
    'Tokens should auto-refresh. If issues persist, disconnect and reconnect.',
  ]);
  const types = new ProjanError('missing_issue_types', { project: 'WEB', missing: ['Epic'] });
  assert.equal(types.message, 'Missing issue types: project WEB has no Epic issue type.');
  assert.deepEqual(types.guidance, [
    'Ensure the target project uses a standard issue type scheme.',
    'Custom issue types are not automatically mapped.',
  ]);
});

test('permission_denied names the missing permission and the account', () => {
  const error = new ProjanError('permission_denied', {
    permission: 'Create Issues',
    account: 'Priya Lead',
    project: 'WEB',
  });
  assert.equal(
    error.message,
    'Permission denied: the connected Jira account Priya Lead lacks the “Create Issues” permission in project WEB.',
  );
  assert.equal(
    error.guidance[0],
    'The connected Jira account must have “Create Issues” permission in the target project.',
  );
  assert.equal(error.status, 403);
  assert.deepEqual(JSON.parse(JSON.stringify(error)), {
    name: 'ProjanError',
    code: 'permission_denied',
    message: error.message,
    guidance: [...error.guidance],
    status: 403,
  });
});

test('every entry has an HTTP error status, a sentence and at least one step', () => {
  for (const [code, entry] of Object.entries(catalogue)) {
    assert.ok(entry.status >= 400 && entry.status < 600, code);
    assert.ok(entry.guidance({} as never).length > 0, code);
  }
  const error = new ProjanError('atlassian_unavailable');
  assert.ok(isProjanError(error, 'atlassian_unavailable'));
  assert.equal(isProjanError(error, 'reconnect_required'), false);
  assert.deepEqual(error.toBody(), {
    code: 'atlassian_unavailable',
    message: 'Atlassian is not responding right now.',
    guidance: [
      'Nothing is lost: try again in a few minutes.',
      'If it lasts, check https://status.atlassian.com for an incident.',
    ],
  });
});
