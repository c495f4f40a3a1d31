/**
 * The connection status card: site name and URL, cloud ID, who connected, the installer
 * account, the granted scopes with their purpose, refresh times and expiry warnings, and the
 * "reconnect required" state with its guidance.
 */
import type { ConnectionView, Member, Problem, ScopeRow } from '../../api/types.ts';
import { formatTime } from '../../components/format.ts';
import { Notice, ProblemBox } from '../../components/Problem.tsx';
import { ScopeTable } from './ScopeTable.tsx';

/** The card of a connected (or reconnect-required) workspace. */
export function StatusCard({
  connection,
  scopes,
  warnings,
  problem,
  members,
}: {
  connection: ConnectionView;
  scopes: ScopeRow[];
  warnings: string[];
  problem?: Problem;
  members: Member[] | undefined;
}) {
  const connector = members?.find((m) => m.userId === connection.connectedBy);
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">
        {problem ? 'Reconnect required' : 'Connected'}
        <span className={problem ? 'badge badge-error' : 'badge badge-ok'}>
          {problem ? 'Reconnect required' : 'Connected'}
        </span>
      </h2>
      {problem ? <ProblemBox problem={problem} /> : null}
      {warnings.map((warning) => (
        <Notice key={warning} tone="warning">
          {warning}
        </Notice>
      ))}
      <dl className="facts">
        <dt>Jira site</dt>
        <dd>{connection.site.name}</dd>
        <dt>Site URL</dt>
        <dd className="break">
          <a href={connection.site.url} target="_blank" rel="noreferrer noopener">
            {connection.site.url}
          </a>
        </dd>
        <dt>Cloud ID</dt>
        <dd>
          <code className="break">{connection.site.cloudId}</code>
        </dd>
        <dt>Connected by</dt>
        <dd>
          {connector
            ? `${connector.displayName} (${connector.email})`
            : (connection.connectedBy ?? 'a former member')}
          {' on '}
          {formatTime(connection.consentedAt)}
        </dd>
        <dt>Installer account</dt>
        <dd>
          <code className="break">{connection.installerAccountId}</code>
          <small className="hint block">The Atlassian account that authorized Projan.</small>
        </dd>
        <dt>Last token refresh</dt>
        <dd>{connection.lastRefreshedAt ? formatTime(connection.lastRefreshedAt) : 'Not yet'}</dd>
        <dt>Access token valid until</dt>
        <dd>{formatTime(connection.accessExpiresAt)}</dd>
        <dt>Authorization ends</dt>
        <dd>
          {formatTime(connection.absoluteExpiry.at)}
          <small className="hint block">
            Tokens auto-refresh - no re-authentication needed unless you revoke access from
            Atlassian. Atlassian ends every authorization 365 days after consent.
          </small>
        </dd>
      </dl>
      <ScopeTable scopes={scopes} caption="Granted permissions" />
    </section>
  );
}
