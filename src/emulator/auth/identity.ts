import type { World } from '../world.ts';
import { grantedSites, siteUrl } from '../world.ts';
import type { TokenIdentity } from './grants.ts';
import { isJiraScope } from './scope-words.ts';

/** The gateway's own 401 bodies (facts §1.6), not Jira's error collection. */
export const UNAUTHORIZED = { code: 401, message: 'Unauthorized' } as const;
export const SCOPE_MISMATCH = { code: 401, message: 'Unauthorized; scope does not match' } as const;

/**
 * `GET /oauth/token/accessible-resources` (facts §1.5): one entry per site the grant reaches,
 * in no fixed order (shuffled with the seeded generator), each with the token's Jira scopes.
 */
export function accessibleResources(world: World, identity: TokenIdentity): unknown[] {
  const scopes = identity.scopes.filter(isJiraScope);
  const entries = grantedSites(world, identity.grant).map((id) => {
    const site = world.sites.get(id)?.fixture;
    return {
      id,
      name: site?.name ?? id,
      url: siteUrl(world, id),
      scopes,
      avatarUrl: site?.avatarUrl ?? `${world.baseUrl}/_emulator/avatar/site.svg`,
    };
  });
  return world.random.shuffle(entries);
}

/**
 * `GET /me` (User Identity API, facts §1.7); undefined when the token lacks `read:me`, which the
 * caller answers with the scope-mismatch 401.
 */
export function userProfile(world: World, identity: TokenIdentity): unknown {
  if (!identity.scopes.includes('read:me')) return undefined;
  const account = world.accounts.find((a) => a.accountId === identity.accountId);
  if (!account) return undefined;
  return {
    account_type: 'atlassian',
    account_id: account.accountId,
    email: account.email,
    name: account.displayName,
    picture: `${world.baseUrl}/_emulator/avatar/${encodeURIComponent(account.accountId)}.svg`,
    account_status: account.active === false ? 'inactive' : 'active',
    nickname: account.displayName.split(' ')[0] ?? account.displayName,
    zoneinfo: account.timeZone ?? 'UTC',
    locale: 'en-US',
    extended_profile: {},
  };
}
