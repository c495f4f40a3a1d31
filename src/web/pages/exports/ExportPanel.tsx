/**
 * Export to Jira, in order: choose the project, adjust the type mapping, run the preflight and
 * read its report, pick assignees, start. Any change after the preflight asks for a new one, so
 * what starts is always what was checked.
 */
import { useMemo, useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type {
  ExportView,
  ItemType,
  PlanDetail,
  PreflightReport,
  Problem,
} from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ProblemBox } from '../../components/Problem.tsx';
import { AssigneeChoices, type AssigneeMap } from './AssigneeChoices.tsx';
import { PreflightView } from './PreflightView.tsx';
import { ProjectPicker } from './ProjectPicker.tsx';
import { TypeMapping, type TypeOverrides } from './TypeMapping.tsx';

/** The export tab of a plan. */
export function ExportPanel({
  detail,
  initialProject,
}: {
  detail: PlanDetail;
  initialProject: string | undefined;
}) {
  const { workspace } = useSession();
  const [projectKey, setProjectKey] = useState(initialProject);
  const [overrides, setOverrides] = useState<TypeOverrides>({});
  const [assignees, setAssignees] = useState<AssigneeMap>(() =>
    Object.fromEntries(
      detail.assignees.map((a) => [a.key, { accountId: a.accountId, displayName: a.displayName }]),
    ),
  );
  const [report, setReport] = useState<PreflightReport>();
  const [stale, setStale] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState<'preflight' | 'start'>();
  const planPath = `/api/workspaces/${seg(workspace.id)}/plans/${seg(detail.planId)}`;
  const planTypes = useMemo(
    () => Object.keys(detail.graph.counts.byType) as ItemType[],
    [detail.graph.counts.byType],
  );

  const changed = () => setStale(report !== undefined);
  const body = () => {
    const typeOverrides = Object.fromEntries(
      Object.entries(overrides)
        .map(([type, name]) => [type, (name ?? '').trim()])
        .filter(([, name]) => name),
    );
    const chosen = Object.fromEntries(Object.entries(assignees).map(([k, v]) => [k, v.accountId]));
    return {
      projectKey,
      options: {
        ...(Object.keys(typeOverrides).length > 0 ? { typeOverrides } : {}),
        ...(Object.keys(chosen).length > 0 ? { assignees: chosen } : {}),
      },
    };
  };

  const runPreflight = async () => {
    setBusy('preflight');
    setProblem(undefined);
    try {
      setReport(await api<PreflightReport>('POST', `${planPath}/preflight`, body()));
      setStale(false);
    } catch (error) {
      setReport(undefined);
      setProblem(toProblem(error));
    } finally {
      setBusy(undefined);
    }
  };

  const start = async () => {
    setBusy('start');
    setProblem(undefined);
    try {
      const remembered = Object.entries(assignees).map(([key, v]) => ({ key, ...v }));
      if (remembered.length > 0) {
        await api('PUT', `${planPath}/assignees`, { assignees: remembered });
      }
      const run = await api<ExportView>('POST', `${planPath}/exports`, body());
      navigate(`/exports/${seg(run.id)}`);
    } catch (error) {
      setProblem(toProblem(error));
      setBusy(undefined);
    }
  };

  return (
    <div className="export-steps">
      <ProjectPicker
        workspaceId={workspace.id}
        value={projectKey}
        onChange={(key) => {
          setProjectKey(key);
          setReport(undefined);
          setStale(false);
        }}
      />
      <TypeMapping
        workspaceId={workspace.id}
        projectKey={projectKey}
        plan={detail.plan}
        planTypes={planTypes}
        value={overrides}
        onChange={(next) => {
          setOverrides(next);
          changed();
        }}
      />
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!projectKey || busy !== undefined}
          onClick={() => void runPreflight()}
        >
          {busy === 'preflight'
            ? 'Checking…'
            : report
              ? 'Run the preflight again'
              : 'Run preflight'}
        </button>
        {!projectKey ? <span className="muted">Choose a project first.</span> : null}
      </div>
      {problem ? <ProblemBox problem={problem} /> : null}
      {report ? <PreflightView report={report} items={detail.plan.items} /> : null}
      {report && projectKey && report.exportable ? (
        <AssigneeChoices
          workspaceId={workspace.id}
          projectKey={projectKey}
          items={detail.plan.items}
          report={report}
          value={assignees}
          onChange={(next) => {
            setAssignees(next);
            changed();
          }}
        />
      ) : null}
      {report ? (
        <section className="card" aria-labelledby="start-title">
          <h2 id="start-title">4. Export</h2>
          {stale ? (
            <p className="notice notice-info" role="status">
              You changed the choices since the preflight: run it again before exporting.
            </p>
          ) : null}
          {!report.exportable ? (
            <p>Fix the errors above, then run the preflight again.</p>
          ) : (
            <p>
              Projan will create {report.counts.create}, update {report.counts.update} and leave{' '}
              {report.counts.unchanged} issues unchanged in {report.project.key}.
            </p>
          )}
          <button
            type="button"
            className="button button-primary"
            disabled={!report.exportable || stale || busy !== undefined}
            onClick={() => void start()}
          >
            {busy === 'start' ? 'Starting…' : `Export to ${report.project.key}`}
          </button>
        </section>
      ) : null}
    </div>
  );
}
