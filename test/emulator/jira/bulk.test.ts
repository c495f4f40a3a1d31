import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testSite } from './helpers.ts';

const task = (summary: string, extra: Record<string, unknown> = {}) => ({
  fields: { project: { key: 'WEB' }, issuetype: { name: 'Task' }, summary, ...extra },
});

describe('POST /issue/bulk (facts §2.8, must-have 16)', () => {
  it('answers 201 on partial success with per-element errors and failedElementNumber', () => {
    const { call } = testSite();
    const r = call('POST', '/issue/bulk', {
      body: {
        issueUpdates: [
          task('one'),
          task(''),
          task('three'),
          { fields: { project: { key: 'NOPE' } } },
        ],
      },
    });
    assert.equal(r.status, 201);
    assert.deepEqual(
      r.body.issues.map((i: { key: string }) => i.key),
      ['WEB-4', 'WEB-5'],
    );
    assert.deepEqual(r.body.errors, [
      {
        status: 400,
        elementErrors: {
          errorMessages: [],
          errors: { summary: 'You must specify a summary of the issue.' },
        },
        failedElementNumber: 1,
      },
      {
        status: 400,
        elementErrors: {
          errorMessages: [],
          errors: { project: 'Specify a valid project ID or key' },
        },
        failedElementNumber: 3,
      },
    ]);
  });

  it('answers 400 when every element fails', () => {
    const { call } = testSite();
    const r = call('POST', '/issue/bulk', {
      body: { issueUpdates: [task(''), task('x'.repeat(300))] },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.issues, []);
    assert.equal(r.body.errors.length, 2);
  });

  it('takes at most 50 elements', () => {
    const { call } = testSite();
    const updates = Array.from({ length: 51 }, (_, i) => task(`t${i}`));
    assert.equal(call('POST', '/issue/bulk', { body: { issueUpdates: updates } }).status, 400);
    assert.equal(
      call('POST', '/issue/bulk', { body: { issueUpdates: updates.slice(0, 50) } }).status,
      201,
    );
  });

  it('does not let an element name a parent created earlier in the same call', () => {
    const { call } = testSite();
    const r = call('POST', '/issue/bulk', {
      body: {
        issueUpdates: [
          { fields: { project: { key: 'WEB' }, issuetype: { name: 'Epic' }, summary: 'epic' } },
          task('child', { parent: { key: 'WEB-4' } }),
        ],
      },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.issues.length, 1);
    assert.equal(r.body.errors[0].failedElementNumber, 1);
    assert.deepEqual(Object.keys(r.body.errors[0].elementErrors.errors), ['parent']);
  });
});
