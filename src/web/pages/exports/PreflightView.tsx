/**
 * The preflight report: counts, blocking errors and warnings (each naming its items), and per
 * item what the export will do (create, update, leave unchanged) with the issue type it gets.
 */
import type { ExportProblem, PlanItem, PreflightReport } from '../../api/types.ts';
import { plural } from '../../components/format.ts';
import { allItems } from './AssigneeChoices.tsx';
import { problemTitle } from './problem-titles.ts';

/** Longer item tables start folded, so the next steps stay close to the problems. */
const OPEN_UP_TO = 15;

/** The report. */
export function PreflightView({ report, items }: { report: PreflightReport; items: PlanItem[] }) {
  const titles = new Map(allItems(items).map((item) => [item.id, item.title]));
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  const { counts } = report;
  return (
    <section className="card" aria-labelledby="preflight-title" data-testid="preflight-report">
      <h2 id="preflight-title">
        Preflight for {report.project.key}
        {report.project.name ? ` (${report.project.name})` : ''}
        <span className={report.exportable ? 'badge badge-ok' : 'badge badge-error'}>
          {report.exportable ? 'Ready to export' : 'Cannot export yet'}
        </span>
      </h2>
      <p className="muted">
        As Jira account {report.account.displayName || report.account.accountId}. Nothing was
        written to Jira.
      </p>
      <ul className="counts">
        <li>
          <strong>{counts.create}</strong> to create
        </li>
        <li>
          <strong>{counts.update}</strong> to update
        </li>
        <li>
          <strong>{counts.unchanged}</strong> unchanged
        </li>
        <li>
          <strong>{counts.links}</strong> {counts.links === 1 ? 'link' : 'links'}
        </li>
        <li>
          <strong>{counts.transitions}</strong> to move to done
        </li>
      </ul>
      {errors.length > 0 ? (
        <ProblemList title={plural(errors.length, 'error')} problems={errors} titles={titles} />
      ) : null}
      {warnings.length > 0 ? (
        <ProblemList
          title={plural(warnings.length, 'warning')}
          problems={warnings}
          titles={titles}
        />
      ) : null}
      {report.items.length > 0 ? (
        <details className="table-wrap" open={report.items.length <= OPEN_UP_TO}>
          <summary>What happens to each item ({report.items.length})</summary>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Issue type</th>
                <th scope="col">Action</th>
                <th scope="col">Jira issue</th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((item) => (
                <tr key={item.itemId} className={item.blocked ? 'row-blocked' : undefined}>
                  <td>
                    {item.title}
                    <span className="muted block">
                      <code>{item.itemId}</code> · {item.planType}
                    </span>
                  </td>
                  <td>{item.issueTypeName}</td>
                  <td>
                    <span className={`action action-${item.action}`}>{item.action}</span>
                    {item.blocked ? (
                      <span className="badge badge-small badge-error">blocked</span>
                    ) : null}
                    {item.changed.length > 0 ? (
                      <span className="muted block">{item.changed.join(', ')}</span>
                    ) : null}
                  </td>
                  <td>{item.jiraKey ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

/** Problems with their heading, message and the items they name. */
export function ProblemList({
  title,
  problems,
  titles,
}: {
  title: string;
  problems: ExportProblem[];
  titles: Map<string, string>;
}) {
  return (
    <>
      <h3>{title}</h3>
      <ul className="problem-list">
        {problems.map((problem) => (
          <li
            key={`${problem.code}-${problem.message}`}
            className={`notice notice-${problem.severity === 'error' ? 'error' : 'warning'}`}
            data-code={problem.code}
          >
            <p className="notice-title">{problemTitle(problem.code)}</p>
            <p className="notice-message">{problem.message}</p>
            {problem.itemIds.length > 0 ? (
              <p className="muted">
                Items:{' '}
                {problem.itemIds.map((id, index) => (
                  <span key={id}>
                    {index > 0 ? ', ' : ''}
                    {titles.has(id) ? `${titles.get(id)} ` : null}
                    {titles.has(id) ? (
                      <>
                        (<code>{id}</code>)
                      </>
                    ) : (
                      <code>{id}</code>
                    )}
                  </span>
                ))}
              </p>
            ) : null}
            {problem.code === 'missing_issue_types' ? (
              <p>
                <a href="#type-mapping">Map the plan type to one of the project’s issue types.</a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
