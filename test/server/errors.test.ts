import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccountError } from '../../src/accounts/index.ts';
import { ProjanError } from '../../src/errors/index.ts';
import { ExportNotFound } from '../../src/exports/index.ts';
import { toErrorResponse } from '../../src/server/errors.ts';

test('unexpected errors answer 500 with the request id and nothing of the error', () => {
  const leaky = new Error('connect failed for postgres://admin:hunter2@db/projan');
  const { status, body } = toErrorResponse(leaky, 'req-42');
  assert.equal(status, 500);
  assert.equal(body.code, 'internal_error');
  assert.equal(body.requestId, 'req-42');
  assert.equal(
    body.message,
    'Projan failed unexpectedly while handling this request. Quote request id req-42 when reporting it.',
  );
  assert.equal(JSON.stringify(body).includes('hunter2'), false);
});

test('catalogue, account and export errors keep their code, wording and status', () => {
  const projan = toErrorResponse(new ProjanError('no_projects_found'), 'r');
  assert.equal(projan.status, new ProjanError('no_projects_found').status);
  assert.deepEqual(projan.body, new ProjanError('no_projects_found').toBody());

  const cases: Array<[AccountError, number]> = [
    [new AccountError('email_taken', 'Taken.'), 409],
    [new AccountError('invalid_credentials', 'Wrong.'), 401],
    [new AccountError('forbidden', 'No.'), 403],
    [new AccountError('not_a_member', 'Unknown.'), 404],
    [new AccountError('weak_password', 'Short.'), 400],
  ];
  for (const [error, expected] of cases) {
    const answer = toErrorResponse(error, 'r');
    assert.equal(answer.status, expected, error.code);
    assert.deepEqual(answer.body, { code: error.code, message: error.message, guidance: [] });
  }
  const limited = toErrorResponse(
    new AccountError('too_many_attempts', 'Wait.', { retryAfterMs: 1500 }),
    'r',
  );
  assert.equal(limited.status, 429);
  assert.equal(limited.headers?.['retry-after'], '2');

  const missing = toErrorResponse(new ExportNotFound('exp_1'), 'r');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 'export_not_found');
});
