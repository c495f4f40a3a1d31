/**
 * The emulator fixture of the benchmarks: the default one plus two copies of project WEB, so the
 * same plan runs with links riding in the create requests where screens allow it (WEB: every
 * create screen but Sub-task's has Linked Issues), everywhere (WEBL: Sub-task's too), and
 * nowhere (WEBX: no create screen has it, one request per link).
 */
import type { EmulatorFixture } from '../src/emulator/contract.ts';
import type { JiraSiteFixture } from '../src/emulator/jira/fixture-types.ts';
import { loadDefaultFixture } from '../src/emulator/jira/index.ts';

/** The project whose create screens have Linked Issues (`issuelinks`). */
export const LINKS_PROJECT = 'WEB';
/** The copy of WEB with Linked Issues on every create screen, Sub-task's included. */
export const ALL_LINKS_PROJECT = 'WEBL';
/** The copy of WEB without Linked Issues on any create screen. */
export const NO_LINKS_PROJECT = 'WEBX';
/** The software site of the default fixture. */
export const SITE_ID = '8a1d6f0e-3c2b-4e5f-9a7b-1c2d3e4f5a61';
/** Priya Lead: a member of that site only, so she connects without choosing a site. */
export const ACCOUNT_ID = '5f1a2b3c4d5e6f7a8b9c0d02';
/** Existing issues on the site that plans may depend on. */
export const EXISTING_KEYS = ['WEB-1', 'WEB-2', 'WEB-3'] as const;
/** Assignable people of WEB, by display name. */
export const ASSIGNEES = ['Priya Lead', 'Sam Member', 'Kai Contractor'] as const;

/** The default fixture with WEBL and WEBX added to the software site. */
export function benchFixture(): EmulatorFixture {
  const fixture = structuredClone(loadDefaultFixture()) as EmulatorFixture<JiraSiteFixture>;
  const site = fixture.sites.find((candidate) => candidate.id === SITE_ID);
  const web = site?.jira.projects.find((project) => project.key === LINKS_PROJECT);
  if (!site || !web) throw new Error('The default fixture no longer has project WEB.');
  const copy = (key: string, name: string) => {
    const project = structuredClone(web);
    project.id = String(Math.max(...site.jira.projects.map((p) => Number(p.id))) + 1);
    project.key = key;
    project.name = name;
    project.description = `${name}: a copy of WEB for the benchmarks.`;
    site.jira.projects.push(project);
    return project;
  };
  const all = copy(ALL_LINKS_PROJECT, 'Website (Linked Issues on every create screen)');
  for (const screen of Object.values(all.screens)) {
    if (!screen.create.some((field) => field.fieldId === 'issuelinks'))
      screen.create.push({ fieldId: 'issuelinks' });
    if (!screen.edit.includes('issuelinks')) screen.edit.push('issuelinks');
  }
  const none = copy(NO_LINKS_PROJECT, 'Website (no Linked Issues on create)');
  for (const screen of Object.values(none.screens)) {
    screen.create = screen.create.filter((field) => field.fieldId !== 'issuelinks');
  }
  return fixture as EmulatorFixture;
}

/** The projects the export cases run on, and which create screens have Linked Issues. */
export const PROJECTS = [
  { key: ALL_LINKS_PROJECT, linksOnCreate: (type: string) => type !== '' },
  { key: LINKS_PROJECT, linksOnCreate: (type: string) => type !== 'subtask' },
  { key: NO_LINKS_PROJECT, linksOnCreate: (_type: string) => false },
] as const;
