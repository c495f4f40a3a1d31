import { FixtureError, validateSite } from '../fixture.ts';
import { type HttpReply, jsonReply } from '../http.ts';
import { FixtureError as JiraFixtureError, validateJiraFixture } from '../jira/index.ts';
import { createRandom } from '../random.ts';
import type { Runtime } from '../runtime.ts';
import { grantedSites, memberSites } from '../world.ts';
import { ControlBodyError, parseFaults, parseLimits } from './settings-body.ts';

/** Rebuilds the world from the loaded fixture (the server owns how). */
export type Rebuild = () => void;

const AVATAR =
  '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><circle cx="24" cy="24" r="24" fill="#0c66e4"/></svg>';

type Json = Record<string, unknown>;

function bodyObject(body: unknown): Json {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : {};
}

function error(status: number, message: string): HttpReply {
  return jsonReply(status, { error: message });
}

/**
 * The control API under `/_emulator/` (docs/emulator.md, "Control API"): never on an Atlassian
 * path, no authentication, for tests and demos only.
 */
export function handleControl(
  runtime: Runtime,
  method: string,
  path: string,
  body: unknown,
  rebuild: Rebuild,
): HttpReply {
  try {
    return route(runtime, `${method} ${path}`, bodyObject(body), body, rebuild);
  } catch (e) {
    if (
      e instanceof ControlBodyError ||
      e instanceof FixtureError ||
      e instanceof JiraFixtureError
    ) {
      return error(400, e.message);
    }
    throw e;
  }
}

function route(runtime: Runtime, key: string, b: Json, raw: unknown, rebuild: Rebuild): HttpReply {
  const { world, limiter } = runtime;
  const now = world.clock.now();
  switch (key) {
    case 'POST /_emulator/reset':
      rebuild();
      return jsonReply(200, { reset: true });
    case 'GET /_emulator/fixture':
      return jsonReply(200, runtime.fixture);
    case 'POST /_emulator/tokens':
      return mintTokens(runtime, b);
    case 'GET /_emulator/faults':
      return jsonReply(200, runtime.faults.settings);
    case 'PUT /_emulator/faults':
      return putFaults(runtime, raw);
    case 'GET /_emulator/limits':
      return jsonReply(200, { settings: limiter.settings, usage: limiter.usage(now) });
    case 'PUT /_emulator/limits':
      limiter.settings = parseLimits(raw, limiter.settings);
      return jsonReply(200, { settings: limiter.settings, usage: limiter.usage(now) });
    case 'POST /_emulator/expire-tokens': {
      const accountId = typeof b.accountId === 'string' ? b.accountId : undefined;
      return jsonReply(200, { expired: world.grants.expireAccessTokens(now, accountId) });
    }
    case 'POST /_emulator/revoke':
      return revoke(runtime, b);
    case 'GET /_emulator/clock':
      return jsonReply(200, { now: new Date(now).toISOString() });
    case 'POST /_emulator/clock': {
      const ms = b.advanceMs;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        return error(400, 'advanceMs must be a non-negative number of milliseconds.');
      }
      const advanced = world.clock.advance(ms);
      return jsonReply(200, { now: new Date(advanced).toISOString() });
    }
    case 'GET /_emulator/requests':
      return jsonReply(200, { ...runtime.log.view(), quota: limiter.usage(now) });
    case 'GET /_emulator/state':
      return jsonReply(200, state(runtime));
    case 'POST /_emulator/sites':
      return addSite(runtime, raw);
  }
  return membership(runtime, key, b) ?? avatar(key) ?? error(404, `No control route ${key}.`);
}

function mintTokens(runtime: Runtime, b: Json): HttpReply {
  const { world } = runtime;
  const account = world.accounts.find((a) => a.accountId === b.accountId);
  if (!account) return error(400, 'accountId must name an account of the fixture.');
  const scopes = Array.isArray(b.scopes) ? b.scopes.map(String) : [...world.app.scopes];
  const unknown = scopes.filter((s) => !world.app.scopes.includes(s));
  if (unknown.length > 0)
    return error(400, `Scopes not configured for the app: ${unknown.join(' ')}.`);
  const picked = Array.isArray(b.sites) ? b.sites.map(String) : undefined;
  const foreign = picked?.filter((id) => !memberSites(world, account.accountId).includes(id));
  if (foreign && foreign.length > 0) {
    return error(400, `The account is not a member of: ${foreign.join(', ')}.`);
  }

  const now = world.clock.now();
  const grant = world.grants.consent(account.accountId, scopes, picked, now);
  const tokens = world.grants.issueTokens(account.accountId, scopes, now);
  return jsonReply(200, {
    ...tokens,
    accountId: account.accountId,
    sites: grantedSites(world, grant),
  });
}

function putFaults(runtime: Runtime, raw: unknown): HttpReply {
  const settings = parseFaults(raw);
  const random = settings.seed === undefined ? undefined : createRandom(settings.seed);
  if (random) runtime.world.random = random;
  runtime.faults.replace(settings, random);
  for (const site of runtime.world.sites.values())
    Object.assign(site.jira.behaviour, settings.jira);
  return jsonReply(200, settings);
}

function revoke(runtime: Runtime, b: Json): HttpReply {
  const accountId = String(b.accountId ?? '');
  if (!runtime.world.accounts.some((a) => a.accountId === accountId)) {
    return error(400, 'accountId must name an account of the fixture.');
  }
  const reason = b.reason === 'password' ? 'password' : 'consent';
  return jsonReply(200, { revoked: runtime.world.grants.revoke(accountId, reason), reason });
}

function state(runtime: Runtime) {
  const { world } = runtime;
  const sites = [...world.sites.values()].map((s) => ({
    id: s.fixture.id,
    name: s.fixture.name,
    members: s.fixture.members,
    jira: s.jira.snapshot(),
  }));
  return {
    now: new Date(world.clock.now()).toISOString(),
    auth: world.grants.summary(world.clock.now()),
    sites,
  };
}

function addSite(runtime: Runtime, raw: unknown): HttpReply {
  const fixture = validateSite(raw);
  const { world } = runtime;
  validateJiraFixture(
    fixture.jira,
    'site.jira',
    world.accounts.map((a) => a.accountId),
  );
  if (world.sites.has(fixture.id)) return error(409, `Site ${fixture.id} exists already.`);
  const stranger = fixture.members.find((m) => !world.accounts.some((a) => a.accountId === m));
  if (stranger) return error(400, `Unknown member ${stranger}.`);
  const jira = runtime.createSite(fixture, world.accounts);
  Object.assign(jira.behaviour, runtime.faults.settings.jira);
  world.sites.set(fixture.id, { fixture, jira });
  return jsonReply(201, { id: fixture.id, members: fixture.members });
}

/**
 * `POST /_emulator/sites/{cloudId}/members` `{accountId}` and
 * `DELETE /_emulator/sites/{cloudId}/members/{accountId}`: an account gains or loses a site, as
 * when an admin adds a user or a site leaves accessible resources.
 */
function membership(runtime: Runtime, key: string, b: Json): HttpReply | undefined {
  const add = /^POST \/_emulator\/sites\/([^/]+)\/members$/.exec(key);
  const remove = /^DELETE \/_emulator\/sites\/([^/]+)\/members\/([^/]+)$/.exec(key);
  if (!add && !remove) return undefined;
  const cloudId = decodeURIComponent((add ?? remove)?.[1] ?? '');
  const site = runtime.world.sites.get(cloudId);
  if (!site) return error(404, `No site ${cloudId}.`);
  const accountId = add ? String(b.accountId ?? '') : decodeURIComponent(remove?.[2] ?? '');
  if (!runtime.world.accounts.some((a) => a.accountId === accountId)) {
    return error(400, 'accountId must name an account of the fixture.');
  }
  const members = site.fixture.members.filter((m) => m !== accountId);
  if (add) members.push(accountId);
  site.fixture.members = members;
  return jsonReply(200, { id: cloudId, members });
}

function avatar(key: string): HttpReply | undefined {
  if (!key.startsWith('GET /_emulator/avatar/')) return undefined;
  return { status: 200, headers: { 'content-type': 'image/svg+xml' }, body: AVATAR };
}
