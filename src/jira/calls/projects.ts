/**
 * Project discovery and the metadata an export's preflight needs: issue types, hierarchy,
 * permissions and create-screen fields.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/
 */
import { z } from 'zod';
import { isJiraApiError } from '../errors.ts';
import type { JiraTransport } from '../transport.ts';
import type { JiraCreateField, JiraHierarchyLevel, JiraIssueType, JiraProject } from '../types.ts';
import { idString, issueTypeSchema, normaliseIssueType, parseBody } from './parse.ts';

const projectSchema = z.looseObject({
  id: idString,
  key: z.string(),
  name: z.string(),
  style: z.enum(['classic', 'next-gen']).optional(),
  simplified: z.boolean().optional(),
  projectTypeKey: z.string().optional(),
  issueTypes: z.array(issueTypeSchema).optional(),
});

const createFieldSchema = z.looseObject({
  fieldId: z.string(),
  key: z.string().optional(),
  name: z.string(),
  required: z.boolean(),
  hasDefaultValue: z.boolean().optional(),
  operations: z.array(z.string()).default([]),
  schema: z.looseObject({ type: z.string() }),
  allowedValues: z.array(z.unknown()).optional(),
});

/** What `searchProjects` lists: `create` = projects the account can create issues in. */
export type ProjectAction = 'view' | 'browse' | 'edit' | 'create';

/** Project calls bound to a transport. */
export function projectCalls(t: JiraTransport) {
  return {
    /**
     * All pages of `GET /project/search` for `action` (default `view`), `pageSize` (default and
     * maximum 100) at a time. A 404 ("no projects match") is an empty list. `edit` means "can
     * administer", not "can edit issues".
     */
    async searchProjects(
      opts: { action?: ProjectAction; query?: string; keys?: string[]; pageSize?: number } = {},
    ): Promise<JiraProject[]> {
      const page = z.looseObject({
        values: z.array(projectSchema),
        isLast: z.boolean().optional(),
        total: z.number().optional(),
      });
      const out: JiraProject[] = [];
      for (let startAt = 0; ; ) {
        let body: z.output<typeof page>;
        try {
          const res = await t.send({
            method: 'GET',
            path: '/project/search',
            query: {
              startAt,
              maxResults: opts.pageSize ?? 100,
              action: opts.action,
              query: opts.query,
              keys: opts.keys,
            },
          });
          body = parseBody(page, res.body, 'GET', '/project/search');
        } catch (err) {
          if (isJiraApiError(err, 'not_found')) return out;
          throw err;
        }
        out.push(...body.values.map(toProject));
        const done = body.isLast ?? (body.total !== undefined && out.length >= body.total);
        if (done || body.values.length === 0) return out;
        startAt += body.values.length;
      }
    },

    /** `GET /project/{key or id}` with its issue types. 404 when absent or not visible. */
    async getProject(projectKeyOrId: string): Promise<JiraProject> {
      const res = await t.send({
        method: 'GET',
        path: '/project/{project}',
        pathParams: { project: projectKeyOrId },
        query: { expand: 'issueTypes' },
      });
      return toProject(parseBody(projectSchema, res.body, 'GET', '/project/{project}'));
    },

    /** `GET /issuetype/project?projectId=` with hierarchy levels (never cache across projects). */
    async getIssueTypesForProject(projectId: string, level?: -1 | 0 | 1): Promise<JiraIssueType[]> {
      const res = await t.send({
        method: 'GET',
        path: '/issuetype/project',
        query: { projectId, level },
      });
      const types = parseBody(z.array(issueTypeSchema), res.body, 'GET', '/issuetype/project');
      return types.map(normaliseIssueType);
    },

    /** `GET /project/{id}/hierarchy` (team-managed), ids as strings, levels as Jira gives. */
    async getProjectHierarchy(projectId: string): Promise<JiraHierarchyLevel[]> {
      const schema = z.looseObject({
        hierarchy: z.array(
          z.looseObject({
            level: z.number(),
            name: z.string(),
            issueTypes: z.array(z.looseObject({ id: idString, name: z.string() })),
          }),
        ),
      });
      const res = await t.send({
        method: 'GET',
        path: '/project/{project}/hierarchy',
        pathParams: { project: projectId },
      });
      const body = parseBody(schema, res.body, 'GET', '/project/{project}/hierarchy');
      return body.hierarchy.map((l) => ({
        level: l.level,
        name: l.name,
        issueTypes: l.issueTypes.map((i) => ({ id: i.id, name: i.name })),
      }));
    },

    /**
     * Which of `permissions` (e.g. `CREATE_ISSUES`) the account holds in the project
     * (`GET /mypermissions`). A key Jira does not return maps to false. Costly in points:
     * call once per export.
     */
    async myPermissions(
      projectKey: string,
      permissions: readonly string[],
    ): Promise<Record<string, boolean>> {
      if (permissions.length === 0) throw new RangeError('permissions must not be empty');
      const res = await t.send({
        method: 'GET',
        path: '/mypermissions',
        query: { projectKey, permissions: permissions.join(',') },
      });
      const schema = z.looseObject({
        permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean() })),
      });
      const body = parseBody(schema, res.body, 'GET', '/mypermissions');
      return Object.fromEntries(
        permissions.map((p) => [p, body.permissions[p]?.havePermission === true]),
      );
    },

    /** All pages of `GET /issue/createmeta/{project}/issuetypes` (needs Create issues). */
    async getCreateMetaIssueTypes(projectKeyOrId: string): Promise<JiraIssueType[]> {
      const path = '/issue/createmeta/{project}/issuetypes';
      const items = await allPages(t, path, { project: projectKeyOrId }, 'issueTypes');
      return items.map((item) => normaliseIssueType(parseBody(issueTypeSchema, item, 'GET', path)));
    },

    /** All pages of create-screen fields for one issue type; only these may be sent on create. */
    async getCreateMetaFields(
      projectKeyOrId: string,
      issueTypeId: string,
    ): Promise<JiraCreateField[]> {
      const path = '/issue/createmeta/{project}/issuetypes/{issueType}';
      const params = { project: projectKeyOrId, issueType: issueTypeId };
      const items = await allPages(t, path, params, 'fields');
      return items.map((item) => {
        const f = parseBody(createFieldSchema, item, 'GET', path);
        return { ...f, key: f.key ?? f.fieldId } as JiraCreateField;
      });
    },
  };
}

/** Pages a `{startAt, maxResults, total, <list>}` endpoint at 200 a page (createmeta's maximum). */
async function allPages(
  t: JiraTransport,
  path: string,
  pathParams: Record<string, string>,
  listKey: 'issueTypes' | 'fields',
): Promise<unknown[]> {
  const page = z.looseObject({
    [listKey]: z.array(z.unknown()),
    total: z.number().optional(),
  });
  const out: unknown[] = [];
  for (let startAt = 0; ; ) {
    const res = await t.send({
      method: 'GET',
      path,
      pathParams,
      query: { startAt, maxResults: 200 },
    });
    const body = parseBody(page, res.body, 'GET', path) as Record<string, unknown> & {
      total?: number;
    };
    const list = body[listKey] as unknown[];
    out.push(...list);
    const done = body.total === undefined ? list.length < 200 : out.length >= body.total;
    if (list.length === 0 || done) return out;
    startAt += list.length;
  }
}

function toProject(p: z.output<typeof projectSchema>): JiraProject {
  return {
    id: p.id,
    key: p.key,
    name: p.name,
    ...(p.style === undefined ? {} : { style: p.style }),
    ...(p.simplified === undefined ? {} : { simplified: p.simplified }),
    ...(p.projectTypeKey === undefined ? {} : { projectTypeKey: p.projectTypeKey }),
    ...(p.issueTypes === undefined ? {} : { issueTypes: p.issueTypes.map(normaliseIssueType) }),
  };
}
