/**
 * Search-as-you-type over the project's assignable users (a short pause after typing, then one
 * request). Picking a user or "Leave unassigned" reports the choice.
 */
import { useEffect, useId, useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type { AssignableUser, Problem } from '../../api/types.ts';
import { ProblemBox } from '../../components/Problem.tsx';

const PAUSE_MS = 250;

/** A chosen Jira user, or null for unassigned. */
export type Choice = { accountId: string; displayName: string } | null;

/** The search field and its suggestions. */
export function UserSearch({
  workspaceId,
  projectKey,
  label,
  initialQuery,
  onPick,
}: {
  workspaceId: string;
  projectKey: string;
  label: string;
  initialQuery: string;
  onPick(choice: Choice): void;
}) {
  const id = useId();
  const [query, setQuery] = useState(initialQuery);
  const [users, setUsers] = useState<AssignableUser[]>();
  const [problem, setProblem] = useState<Problem>();

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ project: projectKey, query });
      api<{ users: AssignableUser[] }>(
        'GET',
        `/api/workspaces/${seg(workspaceId)}/integrations/jira/assignable-users?${params}`,
      ).then(
        (answer) => {
          if (stale) return;
          setUsers(answer.users);
          setProblem(undefined);
        },
        (error: unknown) => {
          if (!stale) setProblem(toProblem(error));
        },
      );
    }, PAUSE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [workspaceId, projectKey, query]);

  return (
    <div className="user-search">
      <label className="field" htmlFor={`${id}-q`}>
        <span>{label}</span>
      </label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder="Type a name or email"
        aria-controls={`${id}-list`}
        maxLength={100}
      />
      {problem ? <ProblemBox problem={problem} /> : null}
      <ul id={`${id}-list`} className="suggestions" aria-label={`Suggestions for ${label}`}>
        {(users ?? []).map((user) => (
          <li key={user.accountId}>
            <button
              type="button"
              className="suggestion"
              onClick={() => onPick({ accountId: user.accountId, displayName: user.displayName })}
            >
              {user.displayName}
              {user.emailAddress ? <span className="muted"> {user.emailAddress}</span> : null}
            </button>
          </li>
        ))}
        {users && users.length === 0 ? (
          <li className="muted">No assignable user matches.</li>
        ) : null}
        <li>
          <button type="button" className="suggestion suggestion-none" onClick={() => onPick(null)}>
            Leave unassigned
          </button>
        </li>
      </ul>
    </div>
  );
}
