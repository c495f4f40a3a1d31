import type { JiraBehaviour, JiraCall } from '../contract.ts';
import type { FieldDef } from './fields.ts';
import type { SiteState } from './state.ts';

/** What every handler needs: the site's state, the call, and the REST base for `self` links. */
export interface Ctx {
  state: SiteState;
  call: JiraCall;
  behaviour: JiraBehaviour;
  fields: FieldDef[];
  /** `${selfBase}/rest/api/3`. */
  api: string;
  /** The caller's account id. */
  me: string;
}

/** Formats epoch milliseconds the way Jira does: `2021-01-17T12:34:00.000+0000` (facts §7). */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
