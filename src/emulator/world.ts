import type { Grant, GrantStore } from './auth/grants.ts';
import type { EmulatorClock } from './clock.ts';
import type {
  AccountFixture,
  AppFixture,
  EmulatorFixture,
  JiraSite,
  SiteFixture,
} from './contract.ts';
import type { Random } from './random.ts';

/** Builds one site's Jira half from its fixture (the Jira side's `createJiraSite`). */
export type SiteFactory = (site: SiteFixture, accounts: AccountFixture[]) => JiraSite;

/** A live site: its fixture entry (members change at run time) and its Jira state. */
export interface LiveSite {
  fixture: SiteFixture;
  jira: JiraSite;
}

/** Everything the request handlers share; rebuilt from the fixture on reset. */
export interface World {
  /** Base URL of the emulator, without a trailing slash. */
  baseUrl: string;
  app: AppFixture;
  accounts: AccountFixture[];
  /** Sites in fixture order, by cloud ID. */
  sites: Map<string, LiveSite>;
  grants: GrantStore;
  clock: EmulatorClock;
  random: Random;
}

/** Deep copy through JSON, so run-time changes never touch the loaded fixture. */
export function cloneFixture<T>(fixture: EmulatorFixture<T>): EmulatorFixture<T> {
  return JSON.parse(JSON.stringify(fixture)) as EmulatorFixture<T>;
}

/** Cloud IDs of the sites an account belongs to, in fixture order. */
export function memberSites(world: World, accountId: string): string[] {
  return [...world.sites.values()]
    .filter((site) => site.fixture.members.includes(accountId))
    .map((site) => site.fixture.id);
}

/**
 * Sites a grant reaches now: an account-level grant covers every site of the account, including
 * sites added after consent; a resource-level grant only the picked sites the account still
 * belongs to (OAUTH-DOC, "Grant types"; facts §1.5).
 */
export function grantedSites(world: World, grant: Grant): string[] {
  const sites = memberSites(world, grant.accountId);
  return grant.level === 'account' ? sites : sites.filter((id) => grant.pickedSites.includes(id));
}

/** The URL that stands for a site (`https://<name>.atlassian.net` on the real platform). */
export function siteUrl(world: World, cloudId: string): string {
  return `${world.baseUrl}/site/${cloudId}`;
}
