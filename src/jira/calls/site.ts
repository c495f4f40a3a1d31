/** Site-level reads: the account, server info, fields, priorities and link types. */
import { z } from 'zod';
import { isJiraApiError } from '../errors.ts';
import type { JiraTransport } from '../transport.ts';
import type {
  JiraAccount,
  JiraField,
  JiraIssueLinkType,
  JiraPriority,
  JiraServerInfo,
} from '../types.ts';
import { idString, parseBody } from './parse.ts';

const accountSchema = z.object({
  accountId: z.string(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  active: z.boolean().optional(),
  timeZone: z.string().optional(),
});

const fieldSchema = z.looseObject({
  id: z.string(),
  key: z.string().optional(),
  name: z.string(),
  custom: z.boolean().default(false),
  schema: z.looseObject({ type: z.string() }).optional(),
});

const prioritySchema = z.object({
  id: idString,
  name: z.string(),
  isDefault: z.boolean().optional(),
});

const linkTypeSchema = z.looseObject({
  id: idString,
  name: z.string(),
  inward: z.string(),
  outward: z.string(),
});

/** Site-level reads bound to a transport. */
export function siteCalls(t: JiraTransport) {
  return {
    /** The account the token acts for (`GET /myself`). */
    async myself(): Promise<JiraAccount> {
      const res = await t.send({ method: 'GET', path: '/myself' });
      return stripUndefined(parseBody(accountSchema, res.body, 'GET', '/myself'));
    },

    /** `GET /serverInfo`; works with any scope, a cheap connectivity check. */
    async serverInfo(): Promise<JiraServerInfo> {
      const res = await t.send({ method: 'GET', path: '/serverInfo' });
      const schema = z.looseObject({ baseUrl: z.string() });
      return parseBody(schema, res.body, 'GET', '/serverInfo') as JiraServerInfo;
    },

    /** Every field the account can see (`GET /field`); pick story points from createmeta. */
    async getFields(): Promise<JiraField[]> {
      const res = await t.send({ method: 'GET', path: '/field' });
      const fields = parseBody(z.array(fieldSchema), res.body, 'GET', '/field');
      return fields as JiraField[];
    },

    /**
     * The site's priorities, all pages of `GET /priority/search`; falls back to the older
     * `GET /priority` list when the search endpoint is absent (404).
     */
    async getPriorities(): Promise<JiraPriority[]> {
      const page = z.looseObject({
        values: z.array(prioritySchema),
        isLast: z.boolean().optional(),
      });
      const out: JiraPriority[] = [];
      try {
        for (let startAt = 0; ; ) {
          const res = await t.send({
            method: 'GET',
            path: '/priority/search',
            query: { startAt, maxResults: 50 },
          });
          const body = parseBody(page, res.body, 'GET', '/priority/search');
          out.push(...body.values.map(stripUndefined));
          if (body.isLast !== false || body.values.length === 0) return out;
          startAt += body.values.length;
        }
      } catch (err) {
        if (!isJiraApiError(err, 'not_found')) throw err;
      }
      const res = await t.send({ method: 'GET', path: '/priority' });
      return parseBody(z.array(prioritySchema), res.body, 'GET', '/priority').map(stripUndefined);
    },

    /** Link types (`GET /issueLinkType`); look Blocks up by name, never by id. */
    async getIssueLinkTypes(): Promise<JiraIssueLinkType[]> {
      const res = await t.send({ method: 'GET', path: '/issueLinkType' });
      const schema = z.looseObject({ issueLinkTypes: z.array(linkTypeSchema) });
      return parseBody(schema, res.body, 'GET', '/issueLinkType').issueLinkTypes.map((l) => ({
        id: l.id,
        name: l.name,
        inward: l.inward,
        outward: l.outward,
      }));
    },
  };
}

/** Drops keys whose value is undefined (for `exactOptionalPropertyTypes`). */
export function stripUndefined<T extends object>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
