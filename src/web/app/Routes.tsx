/** Which page a path shows. */
import { ExportRunPage } from '../pages/exports/ExportRunPage.tsx';
import { PlanListPage } from '../pages/plans/PlanListPage.tsx';
import { PlanPage } from '../pages/plans/PlanPage.tsx';
import { JiraSettingsPage } from '../pages/settings/JiraSettingsPage.tsx';
import { TeamPage } from '../pages/settings/TeamPage.tsx';
import { TokensPage } from '../pages/settings/TokensPage.tsx';
import { match } from './router.ts';

/** Renders the page of `path`. */
export function Routes({ path, query }: { path: string; query: URLSearchParams }) {
  if (path === '/' || path === '/plans' || path === '/signin' || path === '/signup') {
    return <PlanListPage />;
  }
  if (path === '/settings/integrations/jira') return <JiraSettingsPage query={query} />;
  if (path === '/settings/team') return <TeamPage />;
  if (path === '/settings/tokens') return <TokensPage />;
  const plan = match('/plans/:planId', path) ?? match('/plans/:planId/:tab', path);
  if (plan?.planId) {
    return <PlanPage planId={plan.planId} tab={plan.tab ?? 'items'} query={query} />;
  }
  const run = match('/exports/:exportId', path);
  if (run?.exportId) return <ExportRunPage exportId={run.exportId} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. Go to the <a href="/plans">plans</a>.
      </p>
    </section>
  );
}
