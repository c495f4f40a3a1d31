/**
 * After consent covering several Jira sites: the admin picks the one this workspace exports
 * to. Each site shows its name, URL and the scopes granted on it; Atlassian's order means
 * nothing, so the sites are shown as the server sorted them (by name).
 */
import { useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type { Problem, SiteView } from '../../api/types.ts';
import { ProblemBox } from '../../components/Problem.tsx';
import { scopePurpose } from './scopes.ts';

/** The chooser; `onChosen` runs once the site is connected. */
export function SiteChooser({
  workspaceId,
  sites,
  onChosen,
}: {
  workspaceId: string;
  sites: SiteView[];
  onChosen(): void;
}) {
  const [selected, setSelected] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    setBusy(true);
    try {
      await api('POST', `/api/workspaces/${seg(workspaceId)}/integrations/jira/site`, {
        siteId: selected,
      });
      onChosen();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="choose-site">
      <h2 id="choose-site">Select your Jira site</h2>
      <p>
        You authorized Projan for more than one Jira site. Choose the site this workspace exports
        plans to.
      </p>
      {problem ? <ProblemBox problem={problem} /> : null}
      <form onSubmit={(event) => void submit(event)}>
        <fieldset className="site-list">
          <legend className="visually-hidden">Jira sites</legend>
          {sites.map((site) => (
            <label key={site.cloudId} className="site-option">
              <input
                type="radio"
                name="site"
                value={site.cloudId}
                checked={selected === site.cloudId}
                onChange={() => setSelected(site.cloudId)}
              />
              <span className="site-text">
                <strong>{site.name}</strong>
                <span className="muted break">{site.url}</span>
                <span className="scope-chips">
                  <span className="visually-hidden">Granted scopes: </span>
                  {site.scopes.map((scope) => (
                    <span key={scope} className="chip" title={scopePurpose(scope)}>
                      {scope}
                    </span>
                  ))}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button-primary" disabled={!selected || busy}>
          Use this site
        </button>
      </form>
    </section>
  );
}
