/**
 * Issue links. Direction, checked on Cloud by several independent reports: POST
 * `{type:{name:"Blocks"}, inwardIssue:{key:"A"}, outwardIssue:{key:"B"}}` means "A blocks B";
 * read back, A shows B as its `outwardIssue` and B shows A as its `inwardIssue`. So for a plan
 * dependency "B depends on A", A (the blocker) is the inward issue.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-links/
 */
import { z } from 'zod';
import type { JiraTransport } from '../transport.ts';
import type { JiraIssueLinkView } from '../types.ts';
import { issueRefBody } from './issues.ts';
import { idString, parseBody } from './parse.ts';

const refSchema = z.looseObject({ id: idString, key: z.string() });
const linkSchema = z.looseObject({
  id: idString,
  type: z.looseObject({ id: idString, name: z.string(), inward: z.string(), outward: z.string() }),
  inwardIssue: refSchema.optional(),
  outwardIssue: refSchema.optional(),
});

/** A link to create; `inwardIssue` is the blocker for the Blocks type ("inward blocks outward"). */
export interface NewIssueLink {
  /** Link type by name (look it up with `getIssueLinkTypes`), e.g. `Blocks`. */
  typeName: string;
  /** Key or id; for Blocks, the issue that blocks (the dependency). */
  inwardIssue: string;
  /** Key or id; for Blocks, the issue that is blocked (the dependent). */
  outwardIssue: string;
}

/** Link calls bound to a transport. */
export function linkCalls(t: JiraTransport) {
  return {
    /**
     * `POST /issueLink` (201, empty body). Jira treats a duplicate link as created, but the call
     * is still sent as non-idempotent: an uncertain outcome fails with `outcome_unknown`; read the
     * links back with `getIssueLinks` before sending it again.
     */
    async createIssueLink(link: NewIssueLink): Promise<void> {
      await t.send({
        method: 'POST',
        path: '/issueLink',
        body: {
          type: { name: link.typeName },
          inwardIssue: issueRefBody(link.inwardIssue),
          outwardIssue: issueRefBody(link.outwardIssue),
        },
        issues: [link.inwardIssue, link.outwardIssue],
      });
    },

    /** Links of one issue (`GET /issue/{issue}?fields=issuelinks`), seen from that issue. */
    async getIssueLinks(issue: string): Promise<JiraIssueLinkView[]> {
      const res = await t.send({
        method: 'GET',
        path: '/issue/{issue}',
        pathParams: { issue },
        query: { fields: 'issuelinks' },
      });
      const schema = z.looseObject({
        fields: z.looseObject({ issuelinks: z.array(linkSchema).default([]) }),
      });
      const body = parseBody(schema, res.body, 'GET', '/issue/{issue}');
      return body.fields.issuelinks.flatMap((l): JiraIssueLinkView[] => {
        const type = {
          id: l.type.id,
          name: l.type.name,
          inward: l.type.inward,
          outward: l.type.outward,
        };
        const other = l.outwardIssue ?? l.inwardIssue;
        if (!other) return [];
        const direction = l.outwardIssue ? 'outward' : 'inward';
        return [{ id: l.id, type, direction, other: { id: other.id, key: other.key } }];
      });
    },
  };
}
