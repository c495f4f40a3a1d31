/**
 * The Jira half of the emulator: the REST v3 resources of emulated Jira Cloud sites.
 * See `docs/emulator-jira.md` for the fixture format and the behaviours it mirrors.
 */
export type * from './fixture-types.ts';
export {
  FixtureError,
  loadDefaultFixture,
  validateFixture,
  validateJiraFixture,
} from './load-fixture.ts';
export { createJiraSite, defaultBehaviour } from './site.ts';
