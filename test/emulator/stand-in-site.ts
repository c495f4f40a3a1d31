import type {
  AccountFixture,
  JiraCall,
  JiraReply,
  JiraSite,
  SiteFixture,
} from '../../src/emulator/contract.ts';

// TODO: remove this stand-in once every test runs on the real Jira half.
export function createStandInSite(site: SiteFixture, _accounts: AccountFixture[]): JiraSite {
  const issues = new Map<string, { key: string; summary: string }>();
  let next = 1;
  const jiraSite: JiraSite = {
    cloudId: site.id,
    behaviour: { searchConsistencyDelayMs: 0, errorWording: 'issue' },
    handle(call: JiraCall): JiraReply {
      const issue = /^\/issue\/([^/]+)$/.exec(call.path);
      if (call.method === 'GET' && call.path === '/serverInfo') {
        return { status: 200, body: { baseUrl: call.selfBase, deploymentType: 'Cloud' } };
      }
      if (call.method === 'GET' && call.path === '/myself') {
        return {
          status: 200,
          body: { accountId: call.caller.accountId },
          cost: { core: 0, identity: 1 },
        };
      }
      if (call.method === 'POST' && call.path === '/issue') {
        const key = `ST-${next++}`;
        const summary = String((call.body as { fields?: { summary?: string } })?.fields?.summary);
        issues.set(key, { key, summary });
        return {
          status: 201,
          body: { id: key, key, self: `${call.selfBase}/rest/api/3/issue/${key}` },
        };
      }
      if (issue && call.method === 'GET') {
        const found = issues.get(issue[1] ?? '');
        return found
          ? { status: 200, body: found, cost: { core: 1, identity: 0 } }
          : { status: 404 };
      }
      if (issue && call.method === 'PUT') return { status: 204 };
      return { status: 404, body: { errorMessages: ['stand-in'], errors: {} } };
    },
    writeTargets(call) {
      const issue = /^\/issue\/([^/]+)/.exec(call.path);
      return call.method !== 'GET' && issue?.[1] && issue[1] !== 'bulk' ? [issue[1]] : [];
    },
    snapshot: () => ({ issues: [...issues.values()] }),
    browse: (path) => ({
      status: 200,
      contentType: 'text/html',
      body: `<h1>${site.name} ${path}</h1>`,
    }),
  };
  return jiraSite;
}
