import type { AccountFixture, AppFixture, EmulatorFixture, SiteFixture } from './contract.ts';

/** A fixture that does not have the documented shape (docs/emulator.md, "Fixture"). */
export class FixtureError extends Error {
  readonly code = 'fixture_invalid';
}

type Json = Record<string, unknown>;

function obj(value: unknown, at: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FixtureError(`${at} must be an object.`);
  }
  return value as Json;
}

function str(o: Json, key: string, at: string): string {
  const value = o[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new FixtureError(`${at}.${key} must be a non-empty string.`);
  }
  return value;
}

function strings(o: Json, key: string, at: string): string[] {
  const value = o[key];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new FixtureError(`${at}.${key} must be an array of strings.`);
  }
  return value as string[];
}

function app(value: unknown): AppFixture {
  const o = obj(value, 'app');
  const grantType = o.grantType;
  if (grantType !== 'account' && grantType !== 'resource') {
    throw new FixtureError('app.grantType must be "account" or "resource".');
  }
  return {
    name: str(o, 'name', 'app'),
    clientId: str(o, 'clientId', 'app'),
    clientSecret: str(o, 'clientSecret', 'app'),
    redirectUris: strings(o, 'redirectUris', 'app'),
    scopes: strings(o, 'scopes', 'app'),
    grantType,
  };
}

function account(value: unknown, i: number): AccountFixture {
  const at = `accounts[${i}]`;
  const o = obj(value, at);
  str(o, 'accountId', at);
  str(o, 'displayName', at);
  str(o, 'email', at);
  return o as unknown as AccountFixture;
}

/** Checks one site entry (the Atlassian part; `jira` is the Jira half's to check). */
export function validateSite(value: unknown, at = 'site'): SiteFixture {
  const o = obj(value, at);
  str(o, 'id', at);
  str(o, 'name', at);
  str(o, 'url', at);
  strings(o, 'members', at);
  if (!('jira' in o)) throw new FixtureError(`${at}.jira is required.`);
  return o as unknown as SiteFixture;
}

/**
 * Checks the top level of a fixture: the app, the accounts and the sites with unique cloud IDs
 * whose members are known accounts. Throws a `FixtureError` naming the first bad field.
 */
export function validateFixture(value: unknown): EmulatorFixture {
  const o = obj(value, 'fixture');
  if (!Array.isArray(o.accounts)) throw new FixtureError('accounts must be an array.');
  if (!Array.isArray(o.sites)) throw new FixtureError('sites must be an array.');
  const fixture: EmulatorFixture = {
    app: app(o.app),
    accounts: o.accounts.map(account),
    sites: o.sites.map((s, i) => validateSite(s, `sites[${i}]`)),
  };
  const ids = new Set(fixture.accounts.map((a) => a.accountId));
  const cloudIds = new Set<string>();
  for (const site of fixture.sites) {
    if (cloudIds.has(site.id)) throw new FixtureError(`Site id ${site.id} appears twice.`);
    cloudIds.add(site.id);
    const stranger = site.members.find((m) => !ids.has(m));
    if (stranger) throw new FixtureError(`Site ${site.id} lists unknown member ${stranger}.`);
  }
  return fixture;
}
