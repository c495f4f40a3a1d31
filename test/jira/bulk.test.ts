import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mapChunk } from '../../src/jira/calls/bulk.ts';
import type { NewIssue } from '../../src/jira/types.ts';
import { type EmulatorEnv, emulatorEnv } from './emulator-env.ts';

describe('bulk create', () => {
  let env: EmulatorEnv;
  before(async () => {
    env = await emulatorEnv();
  });
  after(() => env.close());

  it('chunks by 50 and maps successes back to request indexes around failures', async () => {
    const issues: NewIssue[] = Array.from({ length: 60 }, (_, i) => ({
      project: { key: 'WEB' },
      issueTypeId: i === 3 || i === 55 ? '99999' : '10002',
      summary: `bulk item ${i}`,
      labels: ['bulk-test'],
    }));
    const outcomes = await env.client.createIssues(issues);

    assert.deepEqual(
      outcomes.map((o) => o.index),
      issues.map((_, i) => i),
    );
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    assert.deepEqual(
      rejected.map((o) => o.index),
      [3, 55],
    );
    const first = rejected[0];
    assert.deepEqual(first?.status === 'rejected' && first.fieldErrors, {
      issuetype: 'The issue type selected is invalid.',
    });

    const created = outcomes.flatMap((o) => (o.status === 'created' ? [o] : []));
    assert.equal(created.length, 58);
    const fetched = await env.client.bulkFetch(
      created.map((o) => o.issue.key),
      { fields: ['summary'] },
    );
    const summaryById = new Map(fetched.issues.map((i) => [i.id, i.fields.summary]));
    for (const o of created) assert.equal(summaryById.get(o.issue.id), `bulk item ${o.index}`);

    const bulkCalls = (await env.requests()).filter((r) => r.path.endsWith('/issue/bulk'));
    assert.deepEqual(
      bulkCalls.map((r) => r.status),
      [201, 201],
    );
  });

  it('reports every element rejected when Jira refuses the whole chunk (400)', async () => {
    const outcomes = await env.client.createIssues([
      { project: { key: 'WEB' }, issueTypeId: '99999', summary: 'bad 1' },
      { project: { key: 'WEB' }, issueTypeId: '10002', summary: '' },
    ]);
    assert.deepEqual(
      outcomes.map((o) => [o.index, o.status]),
      [
        [0, 'rejected'],
        [1, 'rejected'],
      ],
    );
  });
});

describe('mapChunk', () => {
  it('walks the request indexes, skipping failedElementNumber', () => {
    const body = {
      issues: [
        { id: '1', key: 'P-1' },
        { id: '3', key: 'P-3' },
      ],
      errors: [
        {
          status: 400,
          failedElementNumber: 1,
          elementErrors: {
            errorMessages: [],
            errors: { summary: 'You must specify a summary of the issue.' },
          },
        },
      ],
    };
    assert.deepEqual(mapChunk(body, 201, 3, 50), [
      { index: 50, status: 'created', issue: { id: '1', key: 'P-1' } },
      {
        index: 51,
        status: 'rejected',
        httpStatus: 400,
        errorMessages: [],
        fieldErrors: { summary: 'You must specify a summary of the issue.' },
      },
      { index: 52, status: 'created', issue: { id: '3', key: 'P-3' } },
    ]);
  });

  it('trusts no mapping when the counts do not add up', () => {
    const outcomes = mapChunk({ issues: [{ id: '1', key: 'P-1' }], errors: [] }, 201, 2, 0);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['unknown', 'unknown'],
    );
    const o = outcomes[0];
    assert.equal(o?.status === 'unknown' && o.error.code, 'outcome_unknown');
  });

  it('fails elements Jira did not answer for on a 400 with a plain error body', () => {
    const outcomes = mapChunk(
      {
        errorMessages: ['You do not have permission to create issues in this project.'],
        errors: {},
      },
      400,
      2,
      0,
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['failed', 'failed'],
    );
    const o = outcomes[0];
    assert.equal(o?.status === 'failed' && o.error.code, 'bad_request');
    assert.deepEqual(o?.status === 'failed' && o.error.errorMessages, [
      'You do not have permission to create issues in this project.',
    ]);
  });
});
