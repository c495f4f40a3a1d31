/** The workspace's audit log (admins): who did what, when, and how it ended. */
import { api, seg } from '../../api/client.ts';
import type { AuditEntry } from '../../api/types.ts';
import { formatTime } from '../../components/format.ts';
import { ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';

/** The newest 50 entries. */
export function AuditLog({ workspaceId }: { workspaceId: string }) {
  const audit = useLoad(
    () =>
      api<{ entries: AuditEntry[] }>('GET', `/api/workspaces/${seg(workspaceId)}/audit?limit=50`),
    [workspaceId],
  );
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      {audit.problem ? <ProblemBox problem={audit.problem} /> : null}
      {audit.data && audit.data.entries.length === 0 ? <p className="muted">Nothing yet.</p> : null}
      {audit.data && audit.data.entries.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatTime(entry.at)}</td>
                  <td>{entry.action.replaceAll('_', ' ')}</td>
                  <td>{entry.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
