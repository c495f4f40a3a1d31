import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { gateway } from './helpers.ts';

interface CreateMetaField {
  fieldId: string;
  required: boolean;
  hasDefaultValue?: boolean;
}

const GIVEN = new Set(['project', 'issuetype', 'summary']);

async function json<T>(res: Response): Promise<T> {
  assert.equal(res.status, 200, `${res.url} answered ${res.status}`);
  return (await res.json()) as T;
}

/**
 * A create body the site accepts, found through the API as a client would: the first project the
 * caller may create in with a non-sub-task type that needs no field beyond the summary.
 */
export async function createIssueBody(
  emu: RunningEmulator,
  cloudId: string,
  token: string,
  summary: string,
) {
  const projects = await json<{ values: { key: string }[] }>(
    await gateway(emu, cloudId, '/project/search?action=create', token),
  );
  for (const { key } of projects.values) {
    const types = await json<{
      issueTypes: { id: string; subtask: boolean; hierarchyLevel?: number }[];
    }>(await gateway(emu, cloudId, `/issue/createmeta/${key}/issuetypes`, token));
    for (const type of types.issueTypes.filter((t) => !t.subtask && t.hierarchyLevel === 0)) {
      const meta = await json<{ fields: CreateMetaField[] }>(
        await gateway(emu, cloudId, `/issue/createmeta/${key}/issuetypes/${type.id}`, token),
      );
      const needs = meta.fields.filter(
        (f) => f.required && !f.hasDefaultValue && !GIVEN.has(f.fieldId),
      );
      if (needs.length === 0) {
        return { fields: { project: { key }, issuetype: { id: type.id }, summary } };
      }
    }
  }
  throw new Error('No project in the fixture accepts a plain create.');
}

/** Keys of two issues created on the site through the gateway. */
export async function existingIssues(emu: RunningEmulator, cloudId: string, token: string) {
  const keys: string[] = [];
  for (const summary of ['one', 'two']) {
    const body = JSON.stringify(await createIssueBody(emu, cloudId, token, summary));
    const res = await gateway(emu, cloudId, '/issue', token, { method: 'POST', body });
    assert.equal(res.status, 201);
    keys.push(((await res.json()) as { key: string }).key);
  }
  return keys as [string, string];
}
