/** Export history of a plan, newest first, with re-export to the same project. */
import { useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type { ExportView, Problem } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';

/** The history card. */
export function ExportHistory({ planId }: { planId: string }) {
  const { workspace } = useSession();
  const history = useLoad(
    () =>
      api<{ exports: ExportView[] }>(
        'GET',
        `/api/workspaces/${seg(workspace.id)}/exports?planId=${seg(planId)}`,
      ),
    [workspace.id, planId],
  );
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState<string>();

  const reExport = async (projectKey: string) => {
    setBusy(projectKey);
    setProblem(undefined);
    try {
      const run = await api<ExportView>(
        'POST',
        `/api/workspaces/${seg(workspace.id)}/plans/${seg(planId)}/exports`,
        { projectKey },
      );
      navigate(`/exports/${seg(run.id)}`);
    } catch (error) {
      setProblem(toProblem(error));
      setBusy(undefined);
    }
  };

  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Export history</h2>
      <p className="muted">
        Re-exporting updates the issues Projan created before, creates new items and adds new links;
        it never deletes anything in Jira.
      </p>
      {problem ? <ProblemBox problem={problem} /> : null}
      {history.problem ? <ProblemBox problem={history.problem} /> : null}
      {history.data && history.data.exports.length === 0 ? (
        <p className="muted">This plan has not been exported yet.</p>
      ) : null}
      {history.data && history.data.exports.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Project</th>
                <th scope="col">Result</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {history.data.exports.map((run) => (
                <tr key={run.id}>
                  <td>
                    <a href={`/exports/${seg(run.id)}`}>{formatTime(run.createdAt)}</a>
                  </td>
                  <td>{run.projectKey}</td>
                  <td>
                    {run.state}
                    {run.summary ? (
                      <span className="muted block">
                        {run.summary.created} created, {run.summary.updated} updated,{' '}
                        {run.summary.unchanged} unchanged, {run.summary.failed} failed
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy !== undefined}
                      onClick={() => void reExport(run.projectKey)}
                    >
                      Re-export to {run.projectKey}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
