import { readFileSync } from 'node:fs';
import type { EmulatorFixture } from '../contract.ts';
import { SYSTEM_FIELDS } from './fields.ts';
import { FixtureError } from './fixture-error.ts';
import type { JiraSiteFixture } from './fixture-types.ts';
import { SiteState } from './state.ts';

export { FixtureError };

const KINDS = new Set([
  'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
  'com.atlassian.jira.plugin.system.customfieldtypes:textarea',
  'com.atlassian.jira.plugin.system.customfieldtypes:float',
  'com.atlassian.jira.plugin.system.customfieldtypes:select',
  'com.pyxis.greenhopper.jira:jsw-story-points',
  'com.pyxis.greenhopper.jira:gh-sprint',
  'com.pyxis.greenhopper.jira:gh-epic-link',
  'com.pyxis.greenhopper.jira:gh-epic-label',
]);

const PERMISSIONS = new Set([
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'LINK_ISSUES',
  'TRANSITION_ISSUES',
  'ASSIGN_ISSUES',
  'ASSIGNABLE_USER',
  'DELETE_ISSUES',
  'ADMINISTER_PROJECTS',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function need(cond: boolean, path: string, what: string): void {
  if (!cond) throw new FixtureError(`Invalid emulator fixture: ${path} ${what}.`);
}

function array(v: unknown, path: string): unknown[] {
  need(Array.isArray(v), path, 'must be an array');
  return v as unknown[];
}

function str(o: Record<string, unknown>, key: string, path: string): string {
  need(typeof o[key] === 'string' && o[key] !== '', `${path}.${key}`, 'must be a non-empty string');
  return o[key] as string;
}

function records(v: unknown, path: string): Record<string, unknown>[] {
  return array(v, path).map((x, i) => {
    need(isRecord(x), `${path}[${i}]`, 'must be an object');
    return x as Record<string, unknown>;
  });
}

/**
 * Checks the Jira part of one site and the references inside it (issue types, workflows,
 * statuses, permission keys, issue keys), throwing FixtureError naming the first bad field.
 */
export function validateJiraFixture(
  jira: unknown,
  path: string,
  accountIds: string[],
): JiraSiteFixture {
  need(isRecord(jira), path, 'must be an object');
  const j = jira as Record<string, unknown>;
  str(j, 'serverTitle', path);
  const statuses = new Set(
    records(j.statuses, `${path}.statuses`).map((s, i) => str(s, 'id', `${path}.statuses[${i}]`)),
  );
  for (const [i, p] of records(j.priorities, `${path}.priorities`).entries()) {
    str(p, 'name', `${path}.priorities[${i}]`);
  }
  const workflows = new Set<string>();
  records(j.workflows, `${path}.workflows`).forEach((w, i) => {
    const wp = `${path}.workflows[${i}]`;
    workflows.add(str(w, 'name', wp));
    need(statuses.has(str(w, 'initialStatus', wp)), `${wp}.initialStatus`, 'must name a status id');
    records(w.transitions, `${wp}.transitions`).forEach((t, k) => {
      need(
        statuses.has(str(t, 'to', `${wp}.transitions[${k}]`)),
        `${wp}.transitions[${k}].to`,
        'must name a status id',
      );
    });
  });
  const types = new Map<string, string>();
  records(j.issueTypes, `${path}.issueTypes`).forEach((t, i) => {
    const tp = `${path}.issueTypes[${i}]`;
    types.set(str(t, 'id', tp), str(t, 'name', tp));
    need(
      [-1, 0, 1].includes(t.hierarchyLevel as number),
      `${tp}.hierarchyLevel`,
      'must be -1, 0 or 1',
    );
  });
  const fieldIds = new Set(SYSTEM_FIELDS.map((f) => f.id));
  records(j.customFields, `${path}.customFields`).forEach((f, i) => {
    const id = str(f, 'id', `${path}.customFields[${i}]`);
    need(
      /^customfield_\d+$/.test(id),
      `${path}.customFields[${i}].id`,
      "must look like 'customfield_10016'",
    );
    need(
      KINDS.has(String(f.kind)),
      `${path}.customFields[${i}].kind`,
      `is not a known kind ('${String(f.kind)}')`,
    );
    fieldIds.add(id);
  });
  for (const [i, t] of records(j.linkTypes, `${path}.linkTypes`).entries()) {
    str(t, 'name', `${path}.linkTypes[${i}]`);
  }
  array(j.admins, `${path}.admins`);
  const keys = new Set<string>();
  records(j.projects, `${path}.projects`).forEach((p, i) => {
    const pp = `${path}.projects[${i}]`;
    keys.add(str(p, 'key', pp));
    need(
      p.style === 'classic' || p.style === 'next-gen',
      `${pp}.style`,
      "must be 'classic' or 'next-gen'",
    );
    need(
      workflows.has(str(p, 'defaultWorkflow', pp)),
      `${pp}.defaultWorkflow`,
      'must name a workflow',
    );
    array(p.issueTypes, `${pp}.issueTypes`).forEach((id, k) => {
      need(
        types.has(String(id)),
        `${pp}.issueTypes[${k}]`,
        `names unknown issue type id '${String(id)}'`,
      );
    });
    need(isRecord(p.permissions), `${pp}.permissions`, 'must be an object');
    for (const [account, list] of Object.entries(p.permissions as Record<string, unknown>)) {
      need(
        accountIds.includes(account),
        `${pp}.permissions.${account}`,
        'names an unknown account',
      );
      array(list, `${pp}.permissions.${account}`).forEach((perm, k) => {
        need(
          PERMISSIONS.has(String(perm)),
          `${pp}.permissions.${account}[${k}]`,
          `is not a known permission ('${String(perm)}')`,
        );
      });
    }
    need(isRecord(p.screens), `${pp}.screens`, 'must be an object');
    for (const [typeName, screen] of Object.entries(p.screens as Record<string, unknown>)) {
      const sp = `${pp}.screens.${typeName}`;
      need(isRecord(screen), sp, 'must be an object');
      const s = screen as Record<string, unknown>;
      records(s.create, `${sp}.create`).forEach((f, k) => {
        const id = str(f, 'fieldId', `${sp}.create[${k}]`);
        need(fieldIds.has(id), `${sp}.create[${k}].fieldId`, `names unknown field '${id}'`);
      });
      array(s.edit, `${sp}.edit`).forEach((id, k) => {
        need(fieldIds.has(String(id)), `${sp}.edit[${k}]`, `names unknown field '${String(id)}'`);
      });
    }
    for (const [typeName, name] of Object.entries((p.workflows ?? {}) as Record<string, unknown>)) {
      need(workflows.has(String(name)), `${pp}.workflows.${typeName}`, 'must name a workflow');
    }
  });
  records(j.issues, `${path}.issues`).forEach((issue, i) => {
    const ip = `${path}.issues[${i}]`;
    const key = str(issue, 'key', ip);
    need(
      keys.has(key.slice(0, key.lastIndexOf('-'))),
      `${ip}.key`,
      'must start with a project key',
    );
    need(
      !Number.isNaN(Date.parse(str(issue, 'created', ip))),
      `${ip}.created`,
      'must be an ISO 8601 time',
    );
    str(issue, 'reporter', ip);
  });
  // Building the site once resolves the names inside issues and links (types, statuses, parents).
  new SiteState(jira as JiraSiteFixture, []);
  return jira as JiraSiteFixture;
}

/** Checks a whole fixture file's shape, deep enough to name the first bad field. */
export function validateFixture(raw: unknown): EmulatorFixture<JiraSiteFixture> {
  need(isRecord(raw), 'fixture', 'must be a JSON object');
  const f = raw as Record<string, unknown>;
  need(isRecord(f.app), 'app', 'must be an object');
  const app = f.app as Record<string, unknown>;
  for (const k of ['name', 'clientId', 'clientSecret']) str(app, k, 'app');
  array(app.redirectUris, 'app.redirectUris');
  array(app.scopes, 'app.scopes');
  need(
    app.grantType === 'account' || app.grantType === 'resource',
    'app.grantType',
    "must be 'account' or 'resource'",
  );
  const accountIds = records(f.accounts, 'accounts').map((a, i) => {
    str(a, 'displayName', `accounts[${i}]`);
    str(a, 'email', `accounts[${i}]`);
    return str(a, 'accountId', `accounts[${i}]`);
  });
  records(f.sites, 'sites').forEach((s, i) => {
    for (const k of ['id', 'name', 'url']) str(s, k, `sites[${i}]`);
    array(s.members, `sites[${i}].members`);
    validateJiraFixture(s.jira, `sites[${i}].jira`, accountIds);
  });
  return raw as EmulatorFixture<JiraSiteFixture>;
}

/** Reads and validates `src/emulator/fixtures/default.json`, the story the demo tells. */
export function loadDefaultFixture(): EmulatorFixture<JiraSiteFixture> {
  const url = new URL('../fixtures/default.json', import.meta.url);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(url, 'utf8'));
  } catch (e) {
    throw new FixtureError(
      `Cannot read the default emulator fixture ${url.pathname}: ${(e as Error).message}`,
    );
  }
  return validateFixture(raw);
}
