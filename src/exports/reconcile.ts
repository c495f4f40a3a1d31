/**
 * Reconciliation of creates whose outcome is unknown (a timeout, a reset or a 5xx after the
 * request was sent). Jira's create is not idempotent, so instead of sending again Projan first
 * looks for the issue: a bounded search on the project for issues this account created since the
 * run began, reading the `projan.item` property of each result. OAuth 2.0 (3LO) apps cannot
 * filter on entity properties in JQL, so the property is read, not queried; and search is
 * eventually consistent, so an issue missing from the first answer is looked for again until
 * the window runs out.
 * https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/#known-issues
 */
import type { JiraClient } from '../jira/client.ts';

const PROPERTY_KEY = 'projan.item';

export interface ReconcileInput {
  client: JiraClient;
  projectId: string;
  planId: string;
  itemIds: readonly string[];
  /** When the run began (epoch ms): only issues created since then can be the run's. */
  since: number;
  now: () => number;
  /** How long to keep looking for items not found yet. */
  windowMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Finds the issues created for `itemIds`; items absent from the result were not created. */
export async function reconcileCreates(
  input: ReconcileInput,
): Promise<Map<string, { id: string; key: string }>> {
  const sleep =
    input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const wanted = new Set(input.itemIds);
  const found = new Map<string, { id: string; key: string }>();
  const deadline = input.now() + input.windowMs;
  let delay = 500;

  for (;;) {
    await searchOnce(input, wanted, found);
    if (found.size === wanted.size || input.now() >= deadline) return found;
    await sleep(Math.min(delay, Math.max(0, deadline - input.now())));
    delay = Math.min(delay * 2, 8_000);
  }
}

async function searchOnce(
  input: ReconcileInput,
  wanted: Set<string>,
  found: Map<string, { id: string; key: string }>,
): Promise<void> {
  // Relative time keeps the query independent of the account's time zone; a few minutes of
  // margin covers clock skew between Projan and Jira.
  const minutes = Math.ceil((input.now() - input.since) / 60_000) + 5;
  const jql = `project = ${input.projectId} AND creator = currentUser() AND created >= "-${minutes}m" ORDER BY created ASC`;
  for await (const issue of input.client.searchJql({
    jql,
    fields: ['summary'],
    properties: [PROPERTY_KEY],
  })) {
    const marker = issue.properties?.[PROPERTY_KEY] as
      | { planId?: unknown; itemId?: unknown }
      | undefined;
    if (marker?.planId !== input.planId || typeof marker.itemId !== 'string') continue;
    // Ascending creation order: if an item somehow has two issues, the first one wins.
    if (wanted.has(marker.itemId) && !found.has(marker.itemId) && issue.key) {
      found.set(marker.itemId, { id: issue.id, key: issue.key });
    }
  }
}
