/**
 * Assignment suggestions: plan assignees that matched no Jira user (the preflight's
 * `assignee_not_found` warnings) and items with no assignee. For each, the user searches the
 * project's assignable users and picks one; the choices go with the export as
 * `options.assignees` and the server remembers them for the plan's next export.
 */
import { useState } from 'react';
import type { PlanItem, PreflightReport } from '../../api/types.ts';
import { type Choice, UserSearch } from './UserSearch.tsx';

/** Key (plan assignee, or `item:<id>`) -> chosen user. */
export type AssigneeMap = Record<string, { accountId: string | null; displayName: string | null }>;

/** Flattens the item tree. */
export function allItems(items: PlanItem[]): PlanItem[] {
  return items.flatMap((item) => [item, ...allItems(item.children)]);
}

/** The suggestions card. */
export function AssigneeChoices({
  workspaceId,
  projectKey,
  items,
  report,
  value,
  onChange,
}: {
  workspaceId: string;
  projectKey: string;
  items: PlanItem[];
  report: PreflightReport;
  value: AssigneeMap;
  onChange(next: AssigneeMap): void;
}) {
  const flat = allItems(items);
  const unmatchedIds = new Set(
    report.problems.filter((p) => p.code === 'assignee_not_found').flatMap((p) => p.itemIds),
  );
  const unmatched = [
    ...new Set(
      flat
        .filter((item) => unmatchedIds.has(item.id) && item.assignee !== undefined)
        .map((item) => item.assignee as string),
    ),
  ];
  const unassigned = flat.filter((item) => item.assignee === undefined);
  const set = (key: string, choice: Choice) =>
    onChange({
      ...value,
      [key]: choice
        ? { accountId: choice.accountId, displayName: choice.displayName }
        : { accountId: null, displayName: null },
    });

  return (
    <fieldset className="card">
      <legend>3. Assignees</legend>
      {unmatched.length === 0 && unassigned.length === 0 ? (
        <p className="muted">Every assignee of the plan matched a Jira user.</p>
      ) : null}
      {unmatched.length > 0 ? (
        <>
          <h3>Plan assignees with no matching Jira user</h3>
          <p className="muted">Pick who they are in Jira, or leave their items unassigned.</p>
          <ul className="choice-list">
            {unmatched.map((assignee) => (
              <ChoiceRow
                key={assignee}
                label={`Assignee “${assignee}”`}
                initialQuery={assignee.split('@')[0] ?? ''}
                current={value[assignee]}
                workspaceId={workspaceId}
                projectKey={projectKey}
                onPick={(choice) => set(assignee, choice)}
              />
            ))}
          </ul>
        </>
      ) : null}
      {unassigned.length > 0 ? (
        <details>
          <summary>
            Items without an assignee ({unassigned.length}):{' '}
            {unassigned.filter((item) => value[`item:${item.id}`]?.accountId).length} assigned here
          </summary>
          <ul className="choice-list">
            {unassigned.map((item) => (
              <ChoiceRow
                key={item.id}
                label={`“${item.title}”`}
                initialQuery=""
                current={value[`item:${item.id}`]}
                workspaceId={workspaceId}
                projectKey={projectKey}
                onPick={(choice) => set(`item:${item.id}`, choice)}
              />
            ))}
          </ul>
        </details>
      ) : null}
    </fieldset>
  );
}

function ChoiceRow({
  label,
  initialQuery,
  current,
  workspaceId,
  projectKey,
  onPick,
}: {
  label: string;
  initialQuery: string;
  current: AssigneeMap[string] | undefined;
  workspaceId: string;
  projectKey: string;
  onPick(choice: Choice): void;
}) {
  const [editing, setEditing] = useState(false);
  const chosen =
    current === undefined
      ? 'No choice yet'
      : current.accountId === null
        ? 'Leave unassigned'
        : (current.displayName ?? current.accountId);
  return (
    <li className="choice-row">
      <div className="choice-head">
        <span>{label}</span>
        <span className="choice-value">
          → <strong>{chosen}</strong>
        </span>
        <button
          type="button"
          className="button button-small"
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          {editing ? 'Close' : 'Choose'}
        </button>
      </div>
      {editing ? (
        <UserSearch
          workspaceId={workspaceId}
          projectKey={projectKey}
          label={`Jira user for ${label}`}
          initialQuery={initialQuery}
          onPick={(choice) => {
            onPick(choice);
            setEditing(false);
          }}
        />
      ) : null}
    </li>
  );
}
