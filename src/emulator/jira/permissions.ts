import type { JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import type { ProjectFixture, ProjectPermission } from './fixture-types.ts';
import { errorReply, issueNotFound, listParam, ok, projectNotFound } from './replies.ts';

interface PermissionInfo {
  id: string;
  name: string;
  type: 'PROJECT' | 'GLOBAL';
  description: string;
}

/** The permissions the emulator models, with Jira's ids and names. */
export const PERMISSIONS: Record<ProjectPermission | 'ADMINISTER', PermissionInfo> = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description:
      'Create and administer projects, issue types, fields, workflows, and schemes for all projects.',
  },
  BROWSE_PROJECTS: {
    id: '10',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects and the issues within them.',
  },
  CREATE_ISSUES: {
    id: '11',
    name: 'Create Issues',
    type: 'PROJECT',
    description: 'Ability to create issues.',
  },
  EDIT_ISSUES: {
    id: '12',
    name: 'Edit Issues',
    type: 'PROJECT',
    description: 'Ability to edit issues.',
  },
  ASSIGN_ISSUES: {
    id: '13',
    name: 'Assign Issues',
    type: 'PROJECT',
    description: 'Ability to assign issues to other people.',
  },
  DELETE_ISSUES: {
    id: '16',
    name: 'Delete Issues',
    type: 'PROJECT',
    description: 'Ability to delete issues.',
  },
  ASSIGNABLE_USER: {
    id: '17',
    name: 'Assignable User',
    type: 'PROJECT',
    description: 'Users with this permission may be assigned to issues.',
  },
  LINK_ISSUES: {
    id: '21',
    name: 'Link Issues',
    type: 'PROJECT',
    description: 'Ability to link issues together and create linked issues.',
  },
  ADMINISTER_PROJECTS: {
    id: '23',
    name: 'Administer Projects',
    type: 'PROJECT',
    description: 'Ability to administer a project in Jira.',
  },
  TRANSITION_ISSUES: {
    id: '46',
    name: 'Transition Issues',
    type: 'PROJECT',
    description: 'Ability to transition issues.',
  },
};

function isKnown(key: string): key is keyof typeof PERMISSIONS {
  return Object.hasOwn(PERMISSIONS, key);
}

/** Resolves the context of a mypermissions call; undefined project = no context given. */
function context(ctx: Ctx): { project?: ProjectFixture } | JiraReply {
  const q = ctx.call.query;
  const projectRef = q.get('projectKey') ?? q.get('projectId');
  if (projectRef) {
    const project = ctx.state.visibleProject(projectRef, ctx.me);
    return project ? { project } : projectNotFound(projectRef);
  }
  const issueRef = q.get('issueKey') ?? q.get('issueId');
  if (issueRef) {
    const issue = ctx.state.visibleIssue(issueRef, ctx.me);
    return issue ? { project: ctx.state.projectById(issue.projectId) } : issueNotFound();
  }
  return {};
}

/**
 * `GET /mypermissions` (facts §2.3): `permissions` is required and every key must be known
 * (400). Without a project or issue, a project permission counts if held in any project.
 */
export function myPermissions(ctx: Ctx): JiraReply {
  const keys = listParam(ctx.call.query, 'permissions');
  // TODO: Jira's exact 400 texts for a missing or unknown `permissions` key are unrecorded; these are ours.
  if (keys.length === 0) {
    return errorReply(400, ["The 'permissions' query parameter is required."]);
  }
  const unknown = keys.filter((k) => !isKnown(k));
  if (unknown.length > 0) {
    return errorReply(400, [`Unrecognized permission keys: ${unknown.join(', ')}`]);
  }
  const where = context(ctx);
  if ('status' in where) return where;

  const permissions: Record<string, unknown> = {};
  for (const key of keys) {
    if (!isKnown(key)) continue;
    const info = PERMISSIONS[key];
    const held =
      key === 'ADMINISTER'
        ? ctx.state.isAdmin(ctx.me)
        : (where.project ? [where.project] : ctx.state.fx.projects).some((p) =>
            ctx.state.has(p, ctx.me, key),
          );
    permissions[key] = {
      id: info.id,
      key,
      name: info.name,
      type: info.type,
      description: info.description,
      havePermission: held,
    };
  }
  return ok({ permissions }, 0, keys.length);
}
