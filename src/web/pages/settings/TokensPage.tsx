/**
 * API tokens for the CLI and the HTTP API. A new token is shown once, with a copy button; the
 * list afterwards shows only its name and last characters.
 */
import { useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type { ApiTokenRecord, Problem } from '../../api/types.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { Notice, ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';

/** The page. */
export function TokensPage() {
  const { workspace, account } = useSession();
  const tokens = useLoad(() => api<{ tokens: ApiTokenRecord[] }>('GET', '/api/tokens'), []);
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const create = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '');
    const limited = data.get('limited') === 'on';
    setProblem(undefined);
    try {
      const answer = await api<{ token: string }>('POST', '/api/tokens', {
        name,
        ...(limited ? { workspaceId: workspace.id } : {}),
      });
      setCreated({ name, token: answer.token });
      setCopied(false);
      form.reset();
      await tokens.reload();
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const revoke = async (id: string) => {
    setProblem(undefined);
    try {
      await api('DELETE', `/api/tokens/${seg(id)}`);
      await tokens.reload();
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const copy = async (token: string) => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (plain http, permissions): select the text instead.
      (document.getElementById('new-token') as HTMLInputElement | null)?.select();
    }
  };

  const workspaceName = (id: string | null) =>
    id === null ? 'All your workspaces' : (account.workspaces.find((w) => w.id === id)?.name ?? id);

  return (
    <>
      <h1>API tokens</h1>
      <p className="lead">
        Tokens let the <code>projan</code> CLI and scripts use Projan as you. Send one as{' '}
        <code>Authorization: Bearer …</code>.
      </p>
      {problem ? <ProblemBox problem={problem} /> : null}
      {created ? (
        <section className="card card-highlight" aria-labelledby="token-title">
          <h2 id="token-title">Your new token “{created.name}”</h2>
          <p>
            <strong>Copy it now: it is shown only once.</strong> Projan keeps only a hash of it.
          </p>
          <div className="copy-row">
            <label className="visually-hidden" htmlFor="new-token">
              New API token
            </label>
            <input id="new-token" className="mono" readOnly value={created.token} />
            <button type="button" className="button" onClick={() => void copy(created.token)}>
              Copy
            </button>
          </div>
          {copied ? <Notice>Copied to the clipboard.</Notice> : null}
          <button
            type="button"
            className="button button-small"
            onClick={() => setCreated(undefined)}
          >
            Done, hide it
          </button>
        </section>
      ) : null}
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Your tokens</h2>
        {tokens.problem ? <ProblemBox problem={tokens.problem} /> : null}
        {tokens.data && tokens.data.tokens.length === 0 ? (
          <p className="muted">You have no API tokens.</p>
        ) : null}
        {tokens.data && tokens.data.tokens.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Ends in</th>
                  <th scope="col">Reaches</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      <code>…{token.hint}</code>
                    </td>
                    <td>{workspaceName(token.workspaceId)}</td>
                    <td>{formatTime(token.createdAt)}</td>
                    <td>
                      {token.revokedAt === null ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => void revoke(token.id)}
                        >
                          Revoke
                        </button>
                      ) : (
                        `Revoked ${formatTime(token.revokedAt)}`
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <form className="form inline-form" onSubmit={(event) => void create(event)}>
          <h3>Create a token</h3>
          <label className="field">
            <span>Name</span>
            <input name="name" required maxLength={100} placeholder="CI pipeline" />
          </label>
          <label className="check">
            <input type="checkbox" name="limited" />
            <span>Only for the workspace “{workspace.name}”</span>
          </label>
          <button type="submit" className="button button-primary">
            Create token
          </button>
        </form>
      </section>
    </>
  );
}
