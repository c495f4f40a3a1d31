/** The plans of the open workspace, newest first, with the import card. */
import { api, seg } from '../../api/client.ts';
import type { PlanSummary } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { ImportPlan } from './ImportPlan.tsx';
import { keepImportWarnings } from './import-warnings.ts';

/** The page. */
export function PlanListPage() {
  const { workspace } = useSession();
  const plans = useLoad(
    () => api<{ plans: PlanSummary[] }>('GET', `/api/workspaces/${seg(workspace.id)}/plans`),
    [workspace.id],
  );
  return (
    <>
      <h1>Plans</h1>
      <p className="lead">
        Plans of <strong>{workspace.name}</strong>. Import a plan, check it, then export it to Jira.
      </p>
      <section className="card" aria-labelledby="plans-title">
        <h2 id="plans-title">Your plans</h2>
        {plans.problem ? <ProblemBox problem={plans.problem} /> : null}
        {plans.data && plans.data.plans.length === 0 ? (
          <p className="muted">No plans yet. Import one below.</p>
        ) : null}
        {plans.data && plans.data.plans.length > 0 ? (
          <ul className="plan-list">
            {plans.data.plans.map((plan) => (
              <li key={plan.planId}>
                <a href={`/plans/${seg(plan.planId)}`} className="plan-link">
                  {plan.title}
                </a>
                <span className="muted">
                  {' '}
                  <code>{plan.planId}</code> · {plan.fileName} · version {plan.version} · updated{' '}
                  {formatTime(plan.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <ImportPlan
        workspaceId={workspace.id}
        onImported={(answer) => {
          keepImportWarnings(answer.plan.planId, answer.diagnostics);
          navigate(`/plans/${seg(answer.plan.planId)}`);
        }}
      />
    </>
  );
}
