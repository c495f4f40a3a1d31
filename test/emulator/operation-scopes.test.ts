// The gateway enforces each operation's classic scopes from the OpenAPI document's
// `x-atlassian-oauth2-scopes` (facts §1.8, must-have 6). The committed table must equal what the
// generator derives from the document now.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { extractOperationScopes, readSpec } from '../../scripts/gen-emulator-scopes.ts';
import { OPERATION_SCOPES } from '../../src/emulator/gateway/operation-scopes.ts';
import { isWrite, matchOperation } from '../../src/emulator/gateway/operations.ts';

describe('operation scope table (facts §1.8)', () => {
  it('equals the table regenerated from the OpenAPI document (JIRA_OPENAPI_PATH)', () => {
    const spec = readSpec(resolve(import.meta.dirname, '../..'));
    assert.deepEqual(
      OPERATION_SCOPES.map((o) => ({ ...o, scopes: [...o.scopes] })),
      extractOperationScopes(spec),
    );
  });

  it('matches literal segments before parameters', () => {
    assert.equal(matchOperation('POST', '/rest/api/3/issue/bulk')?.path, '/rest/api/3/issue/bulk');
    assert.equal(
      matchOperation('GET', '/rest/api/3/project/search')?.path,
      '/rest/api/3/project/search',
    );
    assert.equal(
      matchOperation('GET', '/rest/api/3/project/PROJ')?.path,
      '/rest/api/3/project/{projectIdOrKey}',
    );
    assert.equal(matchOperation('PATCH', '/rest/api/3/issue/A-1'), undefined);
  });

  it('treats searching POSTs as reads for the points model', () => {
    assert.equal(isWrite('POST', '/rest/api/3/search/jql'), false);
    assert.equal(isWrite('POST', '/rest/api/3/issue'), true);
    assert.equal(isWrite('PUT', '/rest/api/3/issue/{issueIdOrKey}'), true);
  });
});
