/**
 * The type mapping: how each plan type becomes an issue type of the project. Empty means
 * automatic (by hierarchy level: epic and feature -> Epic, story -> Story, task -> Task or
 * Sub-task, bug -> Bug, spike and milestone -> Task with a label). A custom issue type is used
 * only when chosen here.
 */
import type { ItemType, PreflightReport } from '../../api/types.ts';

/** Plan type -> issue type name chosen by the user. */
export type TypeOverrides = Partial<Record<ItemType, string>>;

// TODO: The API has no route listing a project's issue types, so the choices are the standard
// names plus those the last preflight resolved; a `GET .../jira/projects/:key/issue-types` route
// would let the mapping offer exactly the project's types, custom ones included.
const STANDARD_TYPES = ['Epic', 'Story', 'Task', 'Sub-task', 'Subtask', 'Bug'];

/** The mapping table. */
export function TypeMapping({
  planTypes,
  value,
  onChange,
  report,
}: {
  planTypes: ItemType[];
  value: TypeOverrides;
  onChange(next: TypeOverrides): void;
  report: PreflightReport | undefined;
}) {
  const resolved = new Map<ItemType, Set<string>>();
  for (const item of report?.items ?? []) {
    const names = resolved.get(item.planType) ?? new Set<string>();
    names.add(item.issueTypeName);
    resolved.set(item.planType, names);
  }
  const known = [
    ...new Set([...STANDARD_TYPES, ...(report?.items ?? []).map((i) => i.issueTypeName)]),
  ];
  return (
    <fieldset className="card" id="type-mapping">
      <legend>2. Type mapping</legend>
      <p className="muted">
        Leave a field empty to map automatically. Custom issue types are not automatically mapped:
        type the name of the project’s issue type to use one.
      </p>
      <datalist id="issue-type-names">
        {known.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="mapping">
        {planTypes.map((type) => {
          const names = [...(resolved.get(type) ?? [])];
          return (
            <label key={type} className="field mapping-row">
              <span>
                Plan type <strong>{type}</strong>
              </span>
              <input
                list="issue-type-names"
                value={value[type] ?? ''}
                placeholder="Automatic"
                maxLength={255}
                onChange={(event) => {
                  const next = { ...value };
                  const name = event.target.value.trim();
                  if (name) next[type] = event.target.value;
                  else delete next[type];
                  onChange(next);
                }}
              />
              {names.length > 0 ? (
                <small className="hint">Last preflight: {names.join(', ')}</small>
              ) : null}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
