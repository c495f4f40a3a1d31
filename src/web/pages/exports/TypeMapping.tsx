/**
 * The type mapping: which issue type of the chosen project each plan type becomes. "Automatic"
 * is Projan's default by hierarchy level (epic and feature -> Epic, story -> Story, task -> Task
 * or Sub-task, bug -> Bug, spike and milestone -> Task with a label); every issue type of the
 * project can be chosen instead, custom ones included, which are used only when chosen here.
 */
import { useId, useMemo } from 'react';
import type { ProjectIssueType } from '../../../exports/mapping.ts';
import { api, seg } from '../../api/client.ts';
import type { ItemType, Plan } from '../../api/types.ts';
import { ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type AutomaticChoice, automaticChoices } from './automatic-types.ts';

/** Plan type -> issue type name chosen by the user. */
export type TypeOverrides = Partial<Record<ItemType, string>>;

/** The mapping table; the project's issue types are loaded whenever `projectKey` changes. */
export function TypeMapping({
  workspaceId,
  projectKey,
  plan,
  planTypes,
  value,
  onChange,
}: {
  workspaceId: string;
  projectKey: string | undefined;
  plan: Plan;
  planTypes: ItemType[];
  value: TypeOverrides;
  onChange(next: TypeOverrides): void;
}) {
  const loaded = useLoad(async () => {
    if (projectKey === undefined) return undefined;
    const path = `/api/workspaces/${seg(workspaceId)}/integrations/jira/projects/${seg(projectKey)}/issue-types`;
    const answer = await api<{ issueTypes: ProjectIssueType[] }>('GET', path);
    return { projectKey, issueTypes: answer.issueTypes };
  }, [workspaceId, projectKey]);
  // The previous project's types stay in `data` while the next project's load.
  const types = loaded.data?.projectKey === projectKey ? loaded.data?.issueTypes : undefined;
  const automatic = useMemo(
    () => (types ? automaticChoices(plan, planTypes, types, value) : undefined),
    [plan, planTypes, types, value],
  );

  const choose = (type: ItemType, name: string) => {
    const next = { ...value };
    if (name) next[type] = name;
    else delete next[type];
    onChange(next);
  };

  return (
    <fieldset className="card" id="type-mapping">
      <legend>2. Type mapping</legend>
      <p className="muted">
        {projectKey === undefined
          ? 'Choose a project to see its issue types.'
          : `Choose the issue type of ${projectKey} each plan type becomes. Automatic is Projan’s default by hierarchy level; custom issue types are used only when chosen here.`}
      </p>
      {projectKey !== undefined && loaded.loading && !types ? (
        <p className="muted" role="status">
          Loading the issue types of {projectKey}…
        </p>
      ) : null}
      {loaded.problem ? (
        <>
          <ProblemBox
            problem={loaded.problem}
            title="The project’s issue types could not be read"
          />
          <button type="button" className="button" onClick={() => void loaded.reload()}>
            Try again
          </button>
        </>
      ) : null}
      <div className="mapping">
        {planTypes.map((type) => (
          <MappingRow
            key={type}
            type={type}
            projectKey={projectKey}
            types={types ?? []}
            automatic={automatic?.get(type)}
            chosen={value[type]}
            onChoose={(name) => choose(type, name)}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** One plan type: its label, the select of the project's issue types, and a hint. */
function MappingRow({
  type,
  projectKey,
  types,
  automatic,
  chosen,
  onChoose,
}: {
  type: ItemType;
  projectKey: string | undefined;
  types: readonly ProjectIssueType[];
  automatic: AutomaticChoice | undefined;
  chosen: string | undefined;
  onChoose(name: string): void;
}) {
  const id = useId();
  const known = chosen === undefined || types.some((t) => t.name === chosen);
  const hint =
    !known && projectKey
      ? `“${chosen}” is not an issue type of ${projectKey}: choose another.`
      : chosen === undefined && automatic?.unmatched
        ? `No issue type of ${projectKey} fits automatically: choose one.`
        : undefined;
  return (
    <div className="field mapping-row">
      <label htmlFor={id}>
        Plan type <strong>{type}</strong>
      </label>
      <select
        id={id}
        value={chosen ?? ''}
        disabled={projectKey === undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-invalid={hint ? true : undefined}
        onChange={(event) => onChoose(event.target.value)}
      >
        <option value="">{automaticLabel(automatic)}</option>
        {!known ? <option value={chosen}>{`${chosen} (not in ${projectKey})`}</option> : null}
        {byLevel(types).map(([level, group]) => (
          <optgroup key={level} label={levelLabel(level)}>
            {group.map((t) => (
              <option key={t.id} value={t.name}>
                {t.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

function automaticLabel(automatic: AutomaticChoice | undefined): string {
  if (!automatic) return 'Automatic';
  if (automatic.names.length === 0) return 'Automatic (no match)';
  const names = automatic.names.join(' or ');
  return automatic.unmatched
    ? `Automatic (${names}, some items unmatched)`
    : `Automatic (${names})`;
}

// Jira's hierarchy levels: 1 is Epic, 0 the base level, -1 sub-tasks, 2 and up above Epic.
function levelLabel(level: number): string {
  if (level > 1) return `Above epics (level ${level})`;
  if (level === 1) return 'Epic level (1)';
  if (level === 0) return 'Base level (0)';
  return `Sub-task level (${level})`;
}

function byLevel(types: readonly ProjectIssueType[]): Array<[number, ProjectIssueType[]]> {
  const groups = new Map<number, ProjectIssueType[]>();
  for (const t of types) groups.set(t.hierarchyLevel, [...(groups.get(t.hierarchyLevel) ?? []), t]);
  return [...groups.entries()].sort(([a], [b]) => b - a);
}
