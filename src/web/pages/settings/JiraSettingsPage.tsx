/**
 * Settings > Integrations > Jira. Admins (a team's admins, or the owner of an individual
 * workspace) connect, choose the site and disconnect; members see the status without buttons.
 * The OAuth callback lands here with `?connected=1`, `?choose-site=1` or `?error=<code>`.
 */
import { useEffect, useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type { StatusCard as Card, DisconnectAnswer, Member, Problem } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { LinkedText, Notice, ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { callbackProblem } from './callback-problem.ts';
import { DisconnectDialog } from './DisconnectDialog.tsx';
import { ScopeTable } from './ScopeTable.tsx';
import { SiteChooser } from './SiteChooser.tsx';
import { StatusCard } from './StatusCard.tsx';
import { REQUESTED_SCOPES } from './scopes.ts';

/** The page. */
export function JiraSettingsPage({ query }: { query: URLSearchParams }) {
  const { workspace } = useSession();
  const base = `/api/workspaces/${seg(workspace.id)}/integrations/jira`;
  const status = useLoad(() => api<Card>('GET', base), [base]);
  const members = useLoad(
    () => api<{ members: Member[] }>('GET', `/api/workspaces/${seg(workspace.id)}/members`),
    [workspace.id],
  );
  const [arrival, setArrival] = useState<'connected' | Problem | undefined>();
  const [problem, setProblem] = useState<Problem>();
  const [disconnected, setDisconnected] = useState<DisconnectAnswer>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  // Read the callback's outcome once, then drop it from the address so a reload is clean.
  useEffect(() => {
    const error = query.get('error');
    if (query.get('connected') === '1') setArrival('connected');
    else if (error) setArrival(callbackProblem(error));
    if (query.has('connected') || query.has('error') || query.has('choose-site')) {
      navigate('/settings/integrations/jira', { replace: true });
    }
  }, [query]);

  const connect = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { authorizeUrl } = await api<{ authorizeUrl: string }>('POST', `${base}/connect`, {});
      window.location.assign(authorizeUrl);
    } catch (error) {
      setProblem(toProblem(error));
      setBusy(false);
    }
  };

  const disconnect = async () => {
    setBusy(true);
    try {
      setDisconnected(await api<DisconnectAnswer>('POST', `${base}/disconnect`, {}));
      setArrival(undefined);
      setConfirming(false);
      await status.reload();
    } catch (error) {
      setProblem(toProblem(error));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const card = status.data;
  const manage = card?.canManage ?? false;
  const siteName =
    card && (card.state === 'connected' || card.state === 'reconnect_required')
      ? card.connection.site.name
      : 'Jira';

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        Settings <span aria-hidden="true">›</span> Integrations <span aria-hidden="true">›</span>{' '}
        Jira
      </nav>
      <h1>Jira integration</h1>
      <p className="lead">
        Export task breakdowns from Projan plans directly to Jira as Epics, Stories, and Tasks with
        dependency linking.
      </p>
      {arrival === 'connected' && card?.state === 'connected' ? (
        <Notice>Jira is connected to {card.connection.site.name}.</Notice>
      ) : null}
      {arrival && arrival !== 'connected' ? (
        <ProblemBox problem={arrival} title="Jira was not connected" />
      ) : null}
      {disconnected ? (
        <div className="notice notice-success" role="status">
          <p className="notice-message">{disconnected.message}</p>
          <ul className="guidance">
            {disconnected.steps.map((step) => (
              <li key={step}>
                <LinkedText text={step} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {problem ? <ProblemBox problem={problem} /> : null}
      {status.problem ? <ProblemBox problem={status.problem} /> : null}
      {status.loading && !card ? <p className="muted">Loading the connection…</p> : null}

      {card?.state === 'pending_site_choice' ? (
        manage ? (
          <SiteChooser
            workspaceId={workspace.id}
            sites={card.sites}
            onChosen={() => {
              setArrival('connected');
              void status.reload();
            }}
          />
        ) : (
          <Notice tone="info">An admin of this workspace is choosing the Jira site.</Notice>
        )
      ) : null}

      {card && (card.state === 'connected' || card.state === 'reconnect_required') ? (
        <>
          <StatusCard
            connection={card.connection}
            scopes={card.scopes}
            warnings={card.warnings}
            {...(card.state === 'reconnect_required' ? { problem: card.problem } : {})}
            members={members.data?.members}
          />
          {manage ? (
            <div className="actions">
              <button
                type="button"
                className="button button-danger"
                onClick={() => setConfirming(true)}
              >
                Disconnect
              </button>
            </div>
          ) : (
            <p className="muted">Only an admin of this workspace can connect or disconnect Jira.</p>
          )}
        </>
      ) : null}

      {card?.state === 'not_connected' ? (
        <NotConnected manage={manage} busy={busy} onConnect={() => void connect()} />
      ) : null}

      <DisconnectDialog
        open={confirming}
        busy={busy}
        siteName={siteName}
        onConfirm={() => void disconnect()}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}

function NotConnected({
  manage,
  busy,
  onConnect,
}: {
  manage: boolean;
  busy: boolean;
  onConnect(): void;
}) {
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">
        Not connected <span className="badge">Not connected</span>
      </h2>
      <p>
        Connecting needs a Jira Cloud instance (not Server or Data Center) and project admin access
        for the target project.
      </p>
      {manage ? (
        <>
          <ol className="steps">
            <li>Click “Connect Jira”.</li>
            <li>Authorize via Atlassian’s OAuth consent screen.</li>
            <li>Select your Jira site if you have multiple.</li>
          </ol>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              onClick={onConnect}
              disabled={busy}
            >
              Connect Jira
            </button>
          </div>
        </>
      ) : (
        <p className="muted">Ask an admin of this workspace to connect Jira.</p>
      )}
      <ScopeTable scopes={REQUESTED_SCOPES} caption="Permissions Projan requests" />
      <h3>Data stored</h3>
      <ul>
        <li>Encrypted access and refresh tokens</li>
        <li>Jira site URL and cloud ID</li>
        <li>Installer account ID</li>
      </ul>
    </section>
  );
}
