/**
 * "Disconnect" behind a confirmation that says what happens: tokens are purged at once, issues
 * already exported stay in Jira, and how to remove Projan at Atlassian (Atlassian has no
 * endpoint Projan could call to revoke its own access).
 */
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/** The address where people remove an app from their Atlassian account. */
export const CONNECTED_APPS_URL = 'https://id.atlassian.com/manage-profile/apps';

/** The confirmation dialog of a disconnect. */
export function DisconnectDialog({
  open,
  busy,
  siteName,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  busy: boolean;
  siteName: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <ConfirmDialog
      open={open}
      busy={busy}
      danger
      title={`Disconnect ${siteName}?`}
      confirmLabel="Disconnect Jira"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <ul className="plain-list">
        <li>
          <strong>Stored tokens are purged immediately.</strong> Exports running now stop at a safe
          point.
        </li>
        <li>Previously exported issues remain in Jira unaffected.</li>
        <li>
          Projan stays listed in the Atlassian account until you remove it there: open{' '}
          <a href={CONNECTED_APPS_URL} target="_blank" rel="noreferrer noopener">
            id.atlassian.com &gt; Connected apps
          </a>{' '}
          and remove Projan.
        </li>
        <li>Connecting the same site later updates the issues Projan exported before.</li>
      </ul>
    </ConfirmDialog>
  );
}
