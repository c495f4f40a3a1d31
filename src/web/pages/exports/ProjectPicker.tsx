/**
 * Choosing the target project: the projects the connected Jira account administers, or the
 * "No projects found" state with its guidance. A project key can also be typed, for accounts
 * that may create issues in a project without administering it; the preflight then says
 * whether the export can run there.
 */
import { useState } from 'react';
import { api, seg } from '../../api/client.ts';
import type { ProjectView } from '../../api/types.ts';
import { ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';

const KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}$/;

/** The picker; `value` is the chosen project key. */
export function ProjectPicker({
  workspaceId,
  value,
  onChange,
}: {
  workspaceId: string;
  value: string | undefined;
  onChange(key: string | undefined): void;
}) {
  const projects = useLoad(
    () =>
      api<{ projects: ProjectView[] }>(
        'GET',
        `/api/workspaces/${seg(workspaceId)}/integrations/jira/projects`,
      ),
    [workspaceId],
  );
  const listed = projects.data?.projects ?? [];
  const [typed, setTyped] = useState(
    value !== undefined && !listed.some((p) => p.key === value) ? value : '',
  );
  const typedValid = KEY_PATTERN.test(typed);

  return (
    <fieldset className="card">
      <legend>1. Choose a Jira project</legend>
      {projects.loading && !projects.data ? <p className="muted">Loading projects…</p> : null}
      {projects.problem ? (
        <ProblemBox
          problem={projects.problem}
          tone={projects.problem.code === 'no_projects_found' ? 'warning' : 'error'}
        />
      ) : null}
      {listed.length > 0 ? (
        <>
          <p className="muted">Projects where the connected Jira account is a project admin.</p>
          <div className="project-list">
            {listed.map((project) => (
              <label key={project.key} className="project-option">
                <input
                  type="radio"
                  name="project"
                  value={project.key}
                  checked={value === project.key}
                  onChange={() => onChange(project.key)}
                />
                <span>
                  <strong>{project.key}</strong> {project.name}
                </span>
              </label>
            ))}
          </div>
        </>
      ) : null}
      <details className="other-project" open={projects.problem?.code === 'no_projects_found'}>
        <summary>Use another project key</summary>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (typedValid) onChange(typed);
          }}
        >
          <label className="field">
            <span>Project key</span>
            <input
              value={typed}
              onChange={(event) => setTyped(event.target.value.toUpperCase())}
              placeholder="WEB"
              maxLength={255}
              aria-invalid={typed.length > 0 && !typedValid}
              aria-describedby="project-key-hint"
            />
            <small id="project-key-hint" className="hint">
              Capital letters, digits and _; the preflight checks the account’s permissions there.
            </small>
          </label>
          <button type="submit" className="button" disabled={!typedValid}>
            Use {typedValid ? typed : 'this key'}
          </button>
        </form>
      </details>
      {value ? (
        <p>
          Target project: <strong>{value}</strong>
        </p>
      ) : null}
    </fieldset>
  );
}
