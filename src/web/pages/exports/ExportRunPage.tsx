/**
 * One export run: a live progress bar with the phase and any rate-limit pause, then the
 * results: a link to every issue, the failures with what to fix, and the run's problems.
 */
import { useEffect, useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type { ExportItemView, ExportView, PlanDetail, Problem } from '../../api/types.ts';
import { formatTime, secondsUntil } from '../../components/format.ts';
import { ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { allItems } from './AssigneeChoices.tsx';
import { ExportResults } from './ExportResults.tsx';
import { ProblemList } from './PreflightView.tsx';
import { useExportProgress } from './useExportProgress.ts';

const PHASES: Record<string, string> = {
  queued: 'Waiting to start',
  preflight: 'Checking the project',
  creating: 'Creating issues',
  reconciling: 'Checking uncertain writes',
  updating: 'Updating issues',
  linking: 'Linking dependencies',
  transitioning: 'Moving done items to done',
  finished: 'Finished',
};

const STATES: Record<ExportView['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Finished with failures',
  failed: 'Failed',
  cancelled: 'Stopped',
};

/** The page. */
export function ExportRunPage({ exportId }: { exportId: string }) {
  const run = useLoad(() => api<ExportView>('GET', `/api/exports/${seg(exportId)}`), [exportId]);
  const live = useExportProgress(exportId);
  const [items, setItems] = useState<ExportItemView[]>();
  const [problem, setProblem] = useState<Problem>();
  const [, tick] = useState(0);
  const view = live.finished ?? run.data;
  const titles = usePlanTitles(view?.workspaceId, view?.planId);
  const finished = live.finished !== undefined;

  useEffect(() => {
    if (!finished) return;
    api<{ items: ExportItemView[] }>('GET', `/api/exports/${seg(exportId)}/items`).then(
      (answer) => setItems(answer.items),
      (error: unknown) => setProblem(toProblem(error)),
    );
  }, [finished, exportId]);

  // Count a pause down once a second.
  const pause = live.progress?.pause;
  useEffect(() => {
    if (!pause) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [pause]);

  if (run.problem) return <ProblemBox problem={run.problem} />;
  if (!view) return <p className="muted">Loading the export…</p>;
  const done = finished ? view.progress.done : (live.progress?.done ?? view.progress.done);
  const total = finished ? view.progress.total : (live.progress?.total ?? view.progress.total);
  const phase = finished ? 'finished' : (live.progress?.phase ?? view.phase);
  const planHref = `/plans/${seg(view.planId)}`;

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="/plans">Plans</a> <span aria-hidden="true">›</span>{' '}
        <a href={planHref}>{view.planTitle}</a> <span aria-hidden="true">›</span> Export
      </nav>
      <h1>
        Export to {view.projectKey}
        <span className={`badge state-${view.state}`}>{STATES[view.state]}</span>
      </h1>
      <p className="muted">Started {formatTime(view.createdAt)}</p>
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">Progress</h2>
        <label className="progress-label" htmlFor="export-progress">
          <span data-testid="phase">{PHASES[phase] ?? phase}</span>
          <span>
            {done} of {total}
          </span>
        </label>
        <progress
          id="export-progress"
          max={Math.max(total, 1)}
          value={finished && total === 0 ? 1 : done}
        />
        {pause && !finished ? (
          <p className="notice notice-info" role="status" data-testid="pause">
            <strong>Paused.</strong> {pause.reason} Resuming in {secondsUntil(pause.untilMs)} s;
            nothing is lost.
          </p>
        ) : null}
        {live.lost && !finished ? (
          <p className="notice notice-warning" role="status">
            Live progress stopped arriving. <a href={`/exports/${seg(exportId)}`}>Reload</a> to see
            where the export is.
          </p>
        ) : null}
      </section>
      {view.error ? (
        <ProblemBox
          problem={{ code: view.error.code, message: view.error.message, guidance: [] }}
        />
      ) : null}
      {problem ? <ProblemBox problem={problem} /> : null}
      {finished && items ? <ExportResults view={view} items={items} titles={titles} /> : null}
      {finished && view.summary && view.summary.problems.length > 0 ? (
        <section className="card">
          <ProblemList
            title="Warnings and problems of this run"
            problems={view.summary.problems}
            titles={titles}
          />
        </section>
      ) : null}
      <p>
        <a href={`${planHref}/history`}>Export history of this plan</a> ·{' '}
        <a href={`${planHref}/export?project=${seg(view.projectKey)}`}>Export again</a>
      </p>
    </>
  );
}

// Item titles of the exported plan, to name items in the results; a deleted plan leaves ids.
function usePlanTitles(workspaceId: string | undefined, planId: string | undefined) {
  const plan = useLoad(
    async () =>
      workspaceId && planId
        ? api<PlanDetail>('GET', `/api/workspaces/${seg(workspaceId)}/plans/${seg(planId)}`)
        : undefined,
    [workspaceId, planId],
  );
  return new Map(allItems(plan.data?.plan.items ?? []).map((item) => [item.id, item.title]));
}
