/**
 * The seam between the emulator's two halves: the Atlassian side (authorization server,
 * `api.atlassian.com` gateway, rate limits, faults, control API) and the Jira side (the REST v3
 * resources of one site). The gateway authenticates a request, checks scopes, applies limits and
 * faults, then hands a `JiraCall` to the site and turns the `JiraReply` into an HTTP response.
 */

/** The authenticated caller, established by the gateway from the bearer token. */
export interface Caller {
  accountId: string;
  /** Scopes granted to the token for this site. */
  scopes: readonly string[];
  cloudId: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One Jira REST call, already authenticated and routed to its site. */
export interface JiraCall {
  method: HttpMethod;
  /** Path below `/rest/api/3`, for example `/issue/PROJ-1/transitions`. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  caller: Caller;
  /** Emulator clock, epoch milliseconds. */
  now: number;
  /** Base that `self` links start with: the site URL or the gateway form, per the fault switch. */
  selfBase: string;
}

/** What a site answers; the gateway adds rate-limit and account headers. */
export interface JiraReply {
  status: number;
  /** JSON-serialisable body; undefined means an empty body. */
  body?: unknown;
  /** `text/html` bodies (the browse view) are strings. */
  contentType?: string;
  headers?: Record<string, string>;
  /**
   * Objects the response carried, for Atlassian's points model: 1 point per request plus 1 per
   * core object (issues, projects, ...) and 2 per identity object (users, permissions) on reads.
   */
  cost?: { core: number; identity: number };
}

/** Settings of the Jira side that the control API can change at run time. */
export interface JiraBehaviour {
  /** New issues appear in `/search/jql` only after this many ms unless named in reconcileIssues. */
  searchConsistencyDelayMs: number;
  /** Word used in error texts: Jira renamed "issue" to "work item" in 2025. */
  errorWording: 'issue' | 'work item';
}

/** One emulated Jira Cloud site with its state. */
export interface JiraSite {
  readonly cloudId: string;
  /** Answers one REST call; never throws for a client error (those are 4xx replies). */
  handle(call: JiraCall): JiraReply;
  /**
   * Ids of the issues a write call will change (for the per-issue write limits), resolved from
   * keys; empty for reads and for writes that touch no existing issue.
   */
  writeTargets(call: JiraCall): string[];
  /** Whole state as plain JSON for `GET /_emulator/state`. */
  snapshot(): unknown;
  /** Renders the read-only browse view: `/browse/{KEY}` and the project list. */
  browse(path: string): JiraReply;
  /** Run-time switches; the Atlassian side updates this object in place, never replaces it. */
  behaviour: JiraBehaviour;
}

/** An Atlassian account, standing in for a person who signs in on the consent page. */
export interface AccountFixture {
  accountId: string;
  displayName: string;
  email: string;
  /** Whether the email address is visible to other users (profile visibility). */
  emailVisible?: boolean;
  active?: boolean;
  timeZone?: string;
}

/** The OAuth 2.0 (3LO) app registered in the developer console. */
export interface AppFixture {
  name: string;
  clientId: string;
  clientSecret: string;
  /**
   * Callback URLs. A `*` in the port position matches any port, so `http://localhost:*` and
   * `http://127.0.0.1:*` allow test servers on free ports; paths must match exactly otherwise.
   */
  redirectUris: string[];
  /** Scopes added to the app in the console; the authorize request may ask for a subset. */
  scopes: string[];
  /** Account-level grants cover every site; resource-level grants show a site picker. */
  grantType: 'account' | 'resource';
}

/** A Jira Cloud site; `jira` is the site's content, owned by the Jira half (`./jira/`). */
export interface SiteFixture<J = unknown> {
  /** The cloud ID. */
  id: string;
  name: string;
  url: string;
  avatarUrl?: string;
  /** Accounts that can use this site; only these see it in accessible resources. */
  members: string[];
  jira: J;
}

/** The whole fixture file (documented in `docs/emulator.md`). */
export interface EmulatorFixture<J = unknown> {
  app: AppFixture;
  accounts: AccountFixture[];
  sites: SiteFixture<J>[];
}
