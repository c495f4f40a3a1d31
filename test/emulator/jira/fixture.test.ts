import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JiraSiteFixture } from '../../../src/emulator/jira/index.ts';
import {
  FixtureError,
  loadDefaultFixture,
  validateFixture,
} from '../../../src/emulator/jira/index.ts';
import { ADA, PRIYA, SAM, testSite } from './helpers.ts';

describe('default fixture (issue 3 "Fixture")', () => {
  it('loads and tells the story: one app, two sites, the admin on both', () => {
    const fx = loadDefaultFixture();
    assert.equal(fx.app.name, 'Projan');
    assert.deepEqual(fx.app.redirectUris, [
      'http://localhost:*/api/integrations/jira/callback',
      'http://127.0.0.1:*/api/integrations/jira/callback',
    ]);
    assert.ok(fx.app.scopes.includes('offline_access'));
    assert.equal(fx.sites.length, 2);
    assert.deepEqual(fx.sites.filter((s) => s.members.includes(ADA)).length, 2);
    assert.equal(fx.sites.filter((s) => s.members.includes(SAM)).length, 1);
  });

  it('builds a working second site that only the admin reaches', () => {
    const { call } = testSite(1);
    const r = call('GET', '/project/search', { as: ADA });
    assert.deepEqual(
      r.body.values.map((p: { key: string }) => p.key),
      ['LAB'],
    );
    assert.equal(call('GET', '/myself', { as: PRIYA }).status, 401);
  });

  it('names the bad field of an invalid fixture', () => {
    const fx = structuredClone(loadDefaultFixture()) as unknown as {
      sites: { jira: { projects: { issueTypes: string[] }[] } }[];
    };
    const web = fx.sites[0]?.jira.projects[0];
    assert.ok(web);
    web.issueTypes.push('99999');
    assert.throws(
      () => validateFixture(fx),
      (e: unknown) =>
        e instanceof FixtureError &&
        e.code === 'EMULATOR_FIXTURE_INVALID' &&
        e.message.includes('sites[0].jira.projects[0].issueTypes[5]') &&
        e.message.includes("'99999'"),
    );
    assert.throws(() => validateFixture({ app: {} }), /app\.name must be a non-empty string/);
  });

  it('names unknown screen fields, workflows and names inside issues', () => {
    const broken = (change: (jira: JiraSiteFixture) => void) => {
      const fx = structuredClone(loadDefaultFixture());
      const jira = fx.sites[0]?.jira;
      assert.ok(jira);
      change(jira);
      return () => validateFixture(fx);
    };
    assert.throws(
      broken((j) => j.projects[0]?.screens.Story?.create.push({ fieldId: 'customfield_99' })),
      /sites\[0\]\.jira\.projects\[0\]\.screens\.Story\.create\[\d+\]\.fieldId names unknown field 'customfield_99'/,
    );
    assert.throws(
      broken((j) => {
        if (j.projects[0]) j.projects[0].workflows = { Story: 'Nope' };
      }),
      /projects\[0\]\.workflows\.Story must name a workflow/,
    );
    assert.throws(
      broken((j) => {
        if (j.issues[1]) j.issues[1].status = 'Shipped';
      }),
      (e: unknown) =>
        e instanceof FixtureError && /WEB-2: unknown status 'Shipped'/.test(e.message),
    );
    assert.throws(
      broken((j) => {
        if (j.customFields[0]) (j.customFields[0] as { kind: string }).kind = 'com.example:magic';
      }),
      /customFields\[0\]\.kind is not a known kind/,
    );
  });
});
