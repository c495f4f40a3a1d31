import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { gateway } from './helpers.ts';

/** Keys of two issues on the site, created through the gateway (the stand-in accepts any). */
export async function existingIssues(emu: RunningEmulator, cloudId: string, token: string) {
  const keys: string[] = [];
  for (const summary of ['one', 'two']) {
    const res = await gateway(emu, cloudId, '/issue', token, {
      method: 'POST',
      body: JSON.stringify({ fields: { summary } }),
    });
    assert.equal(res.status, 201);
    keys.push(((await res.json()) as { key: string }).key);
  }
  return keys as [string, string];
}

/** A create body the site accepts. */
export async function createIssueBody(
  _emu: RunningEmulator,
  _cloudId: string,
  _token: string,
  summary: string,
) {
  return { fields: { summary } };
}
