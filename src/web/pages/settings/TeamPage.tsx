/**
 * Team settings: create a team, see the open workspace's members and roles, and (team admins)
 * add a member by email, change roles and remove members. Admins also see the audit log.
 */
import { useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type { Member, Problem } from '../../api/types.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { Notice, ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { AuditLog } from './AuditLog.tsx';

/** The page. */
export function TeamPage() {
  const session = useSession();
  const { workspace, account } = session;
  const path = `/api/workspaces/${seg(workspace.id)}/members`;
  const members = useLoad(() => api<{ members: Member[] }>('GET', path), [path]);
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState<string>();
  const admin = workspace.permissions.manageMembers;

  const act = async (what: () => Promise<unknown>, success: string) => {
    setProblem(undefined);
    setDone(undefined);
    try {
      await what();
      setDone(success);
      await members.reload();
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const addMember = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '');
    void act(async () => {
      await api('POST', path, { email, role: String(data.get('role') ?? 'member') });
      form.reset();
    }, `${email} was added.`);
  };

  const createTeam = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    setProblem(undefined);
    void (async () => {
      try {
        const created = await api<{ workspace: { id: string } }>('POST', '/api/teams', { name });
        form.reset();
        await session.reload();
        session.switchWorkspace(created.workspace.id);
        setDone(`Team ${name} was created; it is now the open workspace.`);
      } catch (error) {
        setProblem(toProblem(error));
      }
    })();
  };

  return (
    <>
      <h1>{workspace.kind === 'team' ? `Team ${workspace.name}` : 'Your personal workspace'}</h1>
      {problem ? <ProblemBox problem={problem} /> : null}
      {done ? <Notice>{done}</Notice> : null}
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Members and roles</h2>
        <p className="muted">
          Admins connect and disconnect Jira and manage members; members see the connection and
          export plans.
        </p>
        {members.problem ? <ProblemBox problem={members.problem} /> : null}
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                {admin ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {(members.data?.members ?? []).map((member) => (
                <tr key={member.userId}>
                  <td>{member.displayName}</td>
                  <td className="break">{member.email}</td>
                  <td>
                    {admin && workspace.kind === 'team' ? (
                      <select
                        aria-label={`Role of ${member.email}`}
                        value={member.role}
                        onChange={(event) =>
                          void act(
                            () =>
                              api('PATCH', `${path}/${seg(member.userId)}`, {
                                role: event.target.value,
                              }),
                            `${member.email} is now ${event.target.value}.`,
                          )
                        }
                      >
                        <option value="admin">admin</option>
                        <option value="member">member</option>
                      </select>
                    ) : (
                      member.role
                    )}
                  </td>
                  <td>{formatTime(member.joinedAt)}</td>
                  {admin ? (
                    <td>
                      {workspace.kind === 'team' && member.userId !== account.user.id ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() =>
                            void act(
                              () => api('DELETE', `${path}/${seg(member.userId)}`),
                              `${member.email} was removed.`,
                            )
                          }
                        >
                          Remove
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {admin && workspace.kind === 'team' ? (
          <form className="form inline-form" onSubmit={addMember}>
            <h3>Add a member</h3>
            <p className="muted">They need a Projan account already.</p>
            <label className="field">
              <span>Email</span>
              <input name="email" type="email" required maxLength={320} autoComplete="off" />
            </label>
            <label className="field">
              <span>Role</span>
              <select name="role" defaultValue="member">
                <option value="member">member</option>
                <option value="admin">admin</option>
              </select>
            </label>
            <button type="submit" className="button button-primary">
              Add member
            </button>
          </form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="new-team">
        <h2 id="new-team">Create a team</h2>
        <p className="muted">A team has its own Jira connection, plans and members.</p>
        <form className="form inline-form" onSubmit={createTeam}>
          <label className="field">
            <span>Team name</span>
            <input name="name" required maxLength={100} />
          </label>
          <button type="submit" className="button">
            Create team
          </button>
        </form>
      </section>
      {workspace.permissions.readAudit ? <AuditLog workspaceId={workspace.id} /> : null}
    </>
  );
}
