/**
 * Single-issue calls: create, read, edit, entity properties and transitions.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/
 */
import { z } from 'zod';
import { isJiraApiError } from '../errors.ts';
import type { JiraTransport } from '../transport.ts';
import type { IssueChanges, JiraIssue, JiraIssueRef, JiraTransition, NewIssue } from '../types.ts';
import { idString, issueRefSchema, issueSchema, parseBody } from './parse.ts';

/** Jira's `fields` for a new issue; also used by bulk create. */
export function newIssueFields(issue: NewIssue): Record<string, unknown> {
  return {
    ...issue.extraFields,
    project: issue.project,
    issuetype: { id: issue.issueTypeId },
    summary: issue.summary,
    ...(issue.description === undefined ? {} : { description: issue.description }),
    ...(issue.parent === undefined ? {} : { parent: issueRefBody(issue.parent) }),
    ...(issue.labels === undefined ? {} : { labels: issue.labels }),
    ...(issue.priorityId === undefined ? {} : { priority: { id: issue.priorityId } }),
    ...(issue.assigneeAccountId === undefined ? {} : { assignee: { id: issue.assigneeAccountId } }),
    ...(issue.dueDate === undefined ? {} : { duedate: issue.dueDate }),
  };
}

/** Jira's `IssueUpdateDetails` body for a new issue. */
export function newIssueBody(issue: NewIssue): Record<string, unknown> {
  return {
    fields: newIssueFields(issue),
    ...(issue.links === undefined || issue.links.length === 0
      ? {}
      : { update: { issuelinks: issue.links.map(linkAddOperation) } }),
    ...(issue.properties === undefined ? {} : { properties: issue.properties }),
  };
}

function linkAddOperation(link: NonNullable<NewIssue['links']>[number]): { add: unknown } {
  const end =
    link.inwardIssue === undefined
      ? { outwardIssue: issueRefBody(link.outwardIssue) }
      : { inwardIssue: issueRefBody(link.inwardIssue) };
  return { add: { type: { name: link.typeName }, ...end } };
}

/** Jira's `fields` for an edit; `null` clears. */
export function changedFields(changes: IssueChanges): Record<string, unknown> {
  const ref = (v: string | null) => (v === null ? null : issueRefBody(v));
  const user = (v: string | null) => (v === null ? null : { id: v });
  return {
    ...changes.extraFields,
    ...(changes.summary === undefined ? {} : { summary: changes.summary }),
    ...(changes.description === undefined ? {} : { description: changes.description }),
    ...(changes.parent === undefined ? {} : { parent: ref(changes.parent) }),
    ...(changes.labels === undefined ? {} : { labels: changes.labels }),
    ...(changes.priorityId === undefined ? {} : { priority: { id: changes.priorityId } }),
    ...(changes.assigneeAccountId === undefined
      ? {}
      : { assignee: user(changes.assigneeAccountId) }),
    ...(changes.dueDate === undefined ? {} : { duedate: changes.dueDate }),
  };
}

/** `{id}` for numeric ids, `{key}` otherwise. */
export function issueRefBody(idOrKey: string): { id: string } | { key: string } {
  return /^\d+$/.test(idOrKey) ? { id: idOrKey } : { key: idOrKey };
}

const transitionSchema = z.looseObject({
  id: idString,
  name: z.string(),
  to: z.looseObject({
    id: idString,
    name: z.string(),
    statusCategory: z.looseObject({ id: z.number(), key: z.string() }).optional(),
  }),
  hasScreen: z.boolean().optional(),
});

/** Single-issue calls bound to a transport. */
export function issueCalls(t: JiraTransport) {
  return {
    /**
     * `POST /issue`. Not idempotent: a timeout, reset or 5xx after sending fails with
     * `outcome_unknown` and is never retried; reconcile through the issue properties it carries.
     */
    async createIssue(issue: NewIssue): Promise<JiraIssueRef> {
      const res = await t.send({ method: 'POST', path: '/issue', body: newIssueBody(issue) });
      const ref = parseBody(issueRefSchema, res.body, 'POST', '/issue', res.status);
      return { id: ref.id, key: ref.key };
    },

    /** `GET /issue/{issue}`; `fields` defaults to Jira's default (all), `properties` by key. */
    async getIssue(
      issue: string,
      opts: { fields?: string[]; properties?: string[] } = {},
    ): Promise<JiraIssue> {
      const res = await t.send({
        method: 'GET',
        path: '/issue/{issue}',
        pathParams: { issue },
        query: { fields: opts.fields?.join(','), properties: opts.properties?.join(',') },
      });
      return toIssue(parseBody(issueSchema, res.body, 'GET', '/issue/{issue}'));
    },

    /**
     * `PUT /issue/{issue}` with `fields` (and raw `update` operations when given); 204.
     * `notifyUsers` is sent only when given: Jira needs project admin rights to turn mails off
     * and documents the request as "ignored" otherwise.
     */
    async editIssue(
      issue: string,
      changes: IssueChanges,
      opts: { update?: Record<string, unknown[]>; notifyUsers?: boolean } = {},
    ): Promise<void> {
      await t.send({
        method: 'PUT',
        path: '/issue/{issue}',
        pathParams: { issue },
        query: { notifyUsers: opts.notifyUsers },
        body: { fields: changedFields(changes), ...(opts.update ? { update: opts.update } : {}) },
        issues: [issue],
      });
    },

    /** `PUT /issue/{issue}/properties/{key}`: any non-empty JSON, at most 32 768 characters. */
    async setIssueProperty(issue: string, key: string, value: unknown): Promise<void> {
      await t.send({
        method: 'PUT',
        path: '/issue/{issue}/properties/{key}',
        pathParams: { issue, key },
        body: value,
        issues: [issue],
      });
    },

    /**
     * The value of an issue property, or undefined when Jira answers 404 (the property or the
     * issue is absent or not visible: Jira does not say which).
     */
    async getIssueProperty(issue: string, key: string): Promise<unknown> {
      try {
        const res = await t.send({
          method: 'GET',
          path: '/issue/{issue}/properties/{key}',
          pathParams: { issue, key },
        });
        const schema = z.looseObject({ value: z.unknown() });
        return parseBody(schema, res.body, 'GET', '/issue/{issue}/properties/{key}').value;
      } catch (err) {
        if (isJiraApiError(err, 'not_found')) return undefined;
        throw err;
      }
    },

    /** Transitions available now (`GET /issue/{issue}/transitions`); ids differ per workflow. */
    async getTransitions(issue: string): Promise<JiraTransition[]> {
      const res = await t.send({
        method: 'GET',
        path: '/issue/{issue}/transitions',
        pathParams: { issue },
      });
      const schema = z.looseObject({ transitions: z.array(transitionSchema) });
      const body = parseBody(schema, res.body, 'GET', '/issue/{issue}/transitions');
      return body.transitions as JiraTransition[];
    },

    /**
     * `POST /issue/{issue}/transitions` (204). Not idempotent: an uncertain outcome fails with
     * `outcome_unknown`; read the status back before trying again.
     */
    async transitionIssue(
      issue: string,
      transitionId: string,
      fields?: Record<string, unknown>,
    ): Promise<void> {
      await t.send({
        method: 'POST',
        path: '/issue/{issue}/transitions',
        pathParams: { issue },
        body: { transition: { id: transitionId }, ...(fields ? { fields } : {}) },
        issues: [issue],
      });
    },
  };
}

/** Shapes a parsed issue for callers. */
export function toIssue(i: z.output<typeof issueSchema>): JiraIssue {
  return {
    id: i.id,
    key: i.key,
    fields: i.fields,
    ...(i.properties === undefined ? {} : { properties: i.properties }),
  };
}
