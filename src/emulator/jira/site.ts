import type {
  AccountFixture,
  JiraBehaviour,
  JiraCall,
  JiraReply,
  JiraSite,
  SiteFixture,
} from '../contract.ts';
import { browse } from './browse.ts';
import type { Ctx } from './context.ts';
import { catalogue } from './fields.ts';
import type { JiraSiteFixture } from './fixture-types.ts';
import { LINK_ROUTES, linkTargets } from './links.ts';
import { errorReply } from './replies.ts';
import { BASE_ROUTES, decodeSegment, match, type Route } from './routes.ts';
import { SEARCH_ROUTES } from './search.ts';
import { snapshot } from './snapshot.ts';
import { SiteState } from './state.ts';
import { TRANSITION_ROUTES } from './transitions.ts';
import { USER_ROUTES } from './users.ts';

const ROUTES: Route[] = [
  ...SEARCH_ROUTES,
  ...LINK_ROUTES,
  ...TRANSITION_ROUTES,
  ...USER_ROUTES,
  ...BASE_ROUTES,
];

/** Default behaviour: search is immediately consistent; texts use the current "work item". */
export function defaultBehaviour(): JiraBehaviour {
  return { searchConsistencyDelayMs: 0, errorWording: 'work item' };
}

const ISSUE_PATH = /^\/issue\/([^/]+)(?:\/(?:properties|transitions)(?:\/[^/]+)?)?\/?$/;

/**
 * Creates one emulated Jira Cloud site from its fixture. All state lives in memory; a fresh
 * call gives a fresh site, which is how the control API resets it.
 */
export function createJiraSite(
  site: SiteFixture<JiraSiteFixture>,
  accounts: AccountFixture[],
): JiraSite {
  const members = accounts.filter((a) => site.members.includes(a.accountId));
  const state = new SiteState(site.jira, members);
  const fields = catalogue(state.fx.customFields);
  const behaviour = defaultBehaviour();

  const ctxFor = (call: JiraCall): Ctx => ({
    state,
    call,
    behaviour,
    fields,
    api: `${call.selfBase}/rest/api/3`,
    me: call.caller.accountId,
  });

  return {
    cloudId: site.id,
    behaviour,
    handle(call: JiraCall): JiraReply {
      const found = match(ROUTES, call.method, call.path);
      if (found === 'method') return errorReply(405, ['Method not allowed.']);
      if (!found) return errorReply(404, ['No resource found for this path.']);
      return found.handler(ctxFor(call), ...found.params);
    },
    writeTargets(call: JiraCall): string[] {
      if (call.method === 'GET') return [];
      if (call.path.startsWith('/issueLink')) return linkTargets(state, call);
      const m = ISSUE_PATH.exec(call.path);
      const issue = m?.[1] ? state.issue(decodeSegment(m[1])) : undefined;
      return issue ? [issue.id] : [];
    },
    snapshot: () => snapshot(state),
    browse: (path: string) => browse(state, path),
  };
}
